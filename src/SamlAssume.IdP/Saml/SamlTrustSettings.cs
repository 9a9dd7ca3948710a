using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// What a SAMLResponse is checked against. At least one of <see cref="Certificate"/> and <see cref="PinnedSha256"/>:
/// with a certificate the signature is verified with its key; with only a pin the signature is verified with the
/// KeyInfo certificate whose SHA-256 fingerprint equals the pin (a KeyInfo key is never trusted otherwise).
/// </summary>
public sealed record SamlTrustSettings
{
    public X509Certificate2? Certificate { get; init; }

    /// <summary>A SHA-256 fingerprint in <see cref="CertificateFingerprint.Normalize"/> form.</summary>
    public string? PinnedSha256 { get; init; }

    /// <summary>When set, the Issuer must equal it exactly.</summary>
    public string? ExpectedIssuer { get; init; }

    public bool AllowSha1 { get; init; }

    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(3);
}
