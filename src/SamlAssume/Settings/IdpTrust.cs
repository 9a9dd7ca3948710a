using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using SamlAssume.Configuration;
using SamlAssume.Files;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Settings;

/// <summary>
/// What the user told us to trust: the IdP certificate (<c>--idp-cert</c> or <c>idp_certificate</c>), a pinned
/// fingerprint (<c>idp_certificate_sha256</c>) and the expected Issuer (<c>idp_issuer</c>). Null from
/// <see cref="Resolve"/> when nothing is configured: then STS alone checks the signature.
/// </summary>
public sealed record IdpTrust(SamlTrustSettings Settings, string Description)
{
    public SamlSignatureVerifier Verifier(TimeProvider clock) => new(Settings, clock);

    /// <param name="metadataFile">--idp-metadata: its certificate stands in for --idp-cert, its entityID for idp_issuer.</param>
    public static IdpTrust? Resolve(string? certificateOption, AwsLoginValues values, bool allowSha1, string? configPath, CommandContext context, string? metadataFile = null)
    {
        string? metadataIssuer = null;
        if (metadataFile is not null)
        {
            if (certificateOption is not null) throw new InvalidInput("--idp-cert and --idp-metadata both name the IdP's certificate: give one");
            (metadataIssuer, certificateOption) = IdpMetadata.FromFile(Path.GetFullPath(Files.HomePath.Expand(metadataFile, context.HomeDirectory), context.CurrentDirectory));
        }
        var source = metadataFile is not null ? "--idp-metadata" : certificateOption is not null ? "--idp-cert" : $"{configPath}: idp_certificate";
        var certificateText = certificateOption ?? values.IdpCertificate;
        var certificate = certificateText is null ? null : LoadCertificate(certificateText, source, configPath, context);

        string? pin = null;
        if (values.IdpCertificateSha256 is { } pinText)
        {
            pin = CertificateFingerprint.Normalize(pinText)
                  ?? throw new InvalidInput($"{configPath}: idp_certificate_sha256 \"{pinText}\" is not a SHA-256 fingerprint (64 hex digits, colons allowed)");
        }
        if (certificate is null && pin is null) return null;
        if (certificate is not null && pin is not null && CertificateFingerprint.Sha256(certificate) != pin)
        {
            throw new InvalidInput($"{source} ({CertificateFingerprint.Sha256(certificate)}) does not match idp_certificate_sha256 ({pin}) in {configPath}: fix one of them");
        }
        var settings = new SamlTrustSettings { Certificate = certificate, PinnedSha256 = pin, ExpectedIssuer = values.IdpIssuer ?? metadataIssuer, AllowSha1 = allowSha1 };
        var description = certificate is not null
            ? $"IdP certificate {CertificateFingerprint.Sha256(certificate)} from {source}"
            : $"pinned IdP certificate {pin}";
        return new IdpTrust(settings, description);
    }

    /// <summary>Inline PEM, or a PEM/DER file (relative paths from the config file's directory, then the working directory).</summary>
    public static X509Certificate2 LoadCertificate(string text, string source, string? configPath, CommandContext context)
    {
        try
        {
            if (text.Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                return X509Certificate2.CreateFromPem(text);
            var path = HomePath.Expand(text, context.HomeDirectory);
            if (!Path.IsPathRooted(path))
            {
                var besideConfig = configPath is null ? null : Path.Combine(Path.GetDirectoryName(configPath)!, path);
                path = besideConfig is not null && File.Exists(besideConfig) ? besideConfig : Path.Combine(context.CurrentDirectory, path);
            }
            if (!File.Exists(path))
                throw new InvalidInput($"{source}: certificate file {path} does not exist");
            return X509CertificateLoader.LoadCertificateFromFile(path);
        }
        catch (CryptographicException e)
        {
            throw new InvalidInput($"{source}: not a PEM or DER X.509 certificate ({e.Message})");
        }
    }
}
