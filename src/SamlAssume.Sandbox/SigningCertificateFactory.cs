using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.Sandbox;

/// <summary>Makes the IdP's self-signed RSA-2048 signing certificate, fresh for every sandbox start.</summary>
internal static class SigningCertificateFactory
{
    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OneLogin Sandbox IdP, O=SamlAssume Sandbox", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
        // Round-trip through PKCS#12 so the private key is usable on every platform (ephemeral keys are not, on Windows).
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
