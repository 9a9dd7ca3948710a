using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.IdP.Saml;

/// <summary>SHA-256 certificate fingerprints as people compare them: upper-case hex pairs joined by colons (openssl's form).</summary>
public static class CertificateFingerprint
{
    public static string Sha256(X509Certificate2 certificate) => Format(SHA256.HashData(certificate.RawData));

    public static string Format(ReadOnlySpan<byte> hash) => Convert.ToHexString(hash).Chunk(2).Select(p => new string(p)).Aggregate((a, b) => a + ":" + b);

    /// <summary>A pin in any usual spelling (colons, spaces or none; any case) in the canonical form, or null if it is not 32 bytes of hex.</summary>
    public static string? Normalize(string pin)
    {
        var hex = new string(pin.Where(c => c is not (':' or ' ' or '-')).ToArray());
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit)) return null;
        return Format(Convert.FromHexString(hex));
    }
}
