using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace SamlAssume.Settings;

/// <summary>
/// What SAML metadata (an IdP's EntityDescriptor) says to trust: its entityID (the Issuer) and its first signing
/// certificate (KeyDescriptor use="signing" or without use). Read by <c>idp-cert</c> (downloaded) and by
/// <c>--idp-metadata FILE</c>; DTDs are refused and the document is capped.
/// </summary>
public static class IdpMetadata
{
    private const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";
    private const string SignedXmlNamespace = "http://www.w3.org/2000/09/xmldsig#";

    /// <param name="source">Where the text came from (a URL or a file), for messages.</param>
    public static (string? EntityId, X509Certificate2 Certificate) Parse(string text, string source)
    {
        var document = new XmlDocument { XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = 1_000_000 });
            document.Load(reader);
        }
        catch (XmlException)
        {
            throw new SignInRefused($"{source} did not return SAML metadata (not XML)");
        }
        var entityId = document.DocumentElement?.GetAttribute("entityID") is { Length: > 0 } id ? id : null;
        foreach (XmlElement descriptor in document.GetElementsByTagName("KeyDescriptor", MetadataNamespace))
        {
            if (descriptor.GetAttribute("use") is not ("" or "signing")) continue;
            if (descriptor.GetElementsByTagName("X509Certificate", SignedXmlNamespace)[0] is not XmlElement element) continue;
            try
            {
                return (entityId, X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(element.InnerText.Where(c => !char.IsWhiteSpace(c))))));
            }
            catch (Exception e) when (e is FormatException or CryptographicException)
            {
                throw new SignInRefused($"{source}: the signing certificate in the metadata cannot be read");
            }
        }
        throw new SignInRefused($"{source}: the metadata holds no signing certificate (KeyDescriptor use=\"signing\")");
    }

    /// <summary><c>--idp-metadata FILE</c>: the certificate as PEM text for <see cref="IdpTrust"/>, and the entityID.</summary>
    public static (string? EntityId, string CertificatePem) FromFile(string path)
    {
        if (!File.Exists(path)) throw new InvalidInput($"--idp-metadata: {path} does not exist");
        string text;
        try
        {
            text = Files.BoundedFile.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"--idp-metadata: cannot read {path} ({e.Message})");
        }
        var (entityId, certificate) = Parse(text, path);
        using (certificate) return (entityId, certificate.ExportCertificatePem());
    }
}
