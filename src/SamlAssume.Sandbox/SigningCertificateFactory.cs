using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.Sandbox;

/// <summary>
/// The IdP's self-signed RSA-2048 signing certificate: fresh for every start, or kept in a key directory so a pin
/// (<c>idp-cert</c>, <c>idp_certificate_sha256</c>) taken against one run still holds after a restart, as it does for
/// a real OneLogin app whose certificate lasts years.
/// </summary>
internal static class SigningCertificateFactory
{
    /// <summary>Certificate and private key in one PEM file, so it is written (and replaced) in one rename.</summary>
    public const string KeyFileName = "idp-signing.pem";

    public static X509Certificate2 Create(DateTimeOffset now)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=OneLogin Sandbox IdP, O=SamlAssume Sandbox", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        using var withKey = request.CreateSelfSigned(now.AddDays(-1), now.AddYears(3));
        return Usable(withKey);
    }

    /// <summary>
    /// The certificate kept in <paramref name="directory"/>, made and saved (0600, directory 0700) when there is none
    /// or it has expired. Two sandboxes starting at once agree: the second rename loses and reads the first's file.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string directory, DateTimeOffset now)
    {
        var path = Path.Combine(directory, KeyFileName);
        try
        {
            if (File.Exists(path))
            {
                var kept = Load(path);
                if (kept.NotAfter.ToUniversalTime() > now.UtcDateTime) return kept;
                kept.Dispose();
                File.Delete(path);
            }
            var created = Create(now);
            if (OperatingSystem.IsWindows()) Directory.CreateDirectory(directory);
            else Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var temporary = Path.Combine(directory, $".{KeyFileName}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            using (var file = OperatingSystem.IsWindows() ? new FileStream(temporary, FileMode.CreateNew)
                : new FileStream(temporary, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
            using (var writer = new StreamWriter(file))
            {
                using var key = created.GetRSAPrivateKey()!;
                writer.Write(created.ExportCertificatePem());
                writer.Write('\n');
                writer.Write(key.ExportPkcs8PrivateKeyPem());
                writer.Write('\n');
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
                return created;
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
                created.Dispose();
                return Load(path);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SigningKeyException($"cannot keep the signing key in {directory}: {e.Message.ReplaceLineEndings(" ")}", e);
        }
    }

    private static X509Certificate2 Load(string path)
    {
        try
        {
            using var fromPem = X509Certificate2.CreateFromPemFile(path);
            using (var rsa = fromPem.GetRSAPrivateKey())
            {
                if (rsa is null) throw new CryptographicException("no RSA private key");
            }
            return Usable(fromPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new SigningKeyException($"{path} is not a PEM certificate with its RSA key ({e.Message.ReplaceLineEndings(" ")}); delete it to make a new one", e);
        }
    }

    // Round-trip through PKCS#12 so the private key is usable on every platform (ephemeral keys are not, on Windows).
    private static X509Certificate2 Usable(X509Certificate2 withKey) =>
        X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
}
