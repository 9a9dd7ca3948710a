using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using System.Xml;

namespace SamlAssume.Sandbox;

/// <summary>One SAML provider registered in the sandbox's IAM, as <c>aws iam create-saml-provider</c> registers it.</summary>
internal sealed record RegisteredSamlProvider(string Arn, string AccountId, string EntityId, IReadOnlyList<X509Certificate2> SigningCertificates);

/// <summary>
/// IAM SAML providers from IdP metadata files (<c>sandbox --saml-provider ARN=METADATA_FILE</c>): like IAM's
/// CreateSAMLProvider (docs.aws.amazon.com/IAM/latest/APIReference/API_CreateSAMLProvider.html), the metadata's
/// <c>entityID</c> is the issuer the provider accepts and its signing certificates are the keys STS verifies with
/// (IAM User Guide, "Create a SAML identity provider in IAM"). Read once at start; a bad file stops the start.
/// </summary>
internal static partial class RegisteredSamlProviders
{
    private const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";
    private const string SignatureNamespace = "http://www.w3.org/2000/09/xmldsig#";

    [GeneratedRegex(@"^arn:aws:iam::(\d{12}):saml-provider/[\w.@-]{1,128}$")]
    private static partial Regex ProviderArn();

    public static IReadOnlyDictionary<string, RegisteredSamlProvider> Load(IReadOnlyList<KeyValuePair<string, string>> providers)
    {
        var loaded = new Dictionary<string, RegisteredSamlProvider>(StringComparer.Ordinal);
        foreach (var (arn, path) in providers)
        {
            var match = ProviderArn().Match(arn);
            if (!match.Success) throw new SamlProviderException($"\"{arn}\" is not a SAML provider ARN (arn:aws:iam::ACCOUNT:saml-provider/NAME)");
            loaded[arn] = Read(arn, match.Groups[1].Value, path);
        }
        return loaded;
    }

    private static RegisteredSamlProvider Read(string arn, string accountId, string path)
    {
        var document = new XmlDocument { XmlResolver = null };
        if (!File.Exists(path)) throw new SamlProviderException($"{path} does not exist");
        try
        {
            using var reader = XmlReader.Create(path, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            document.Load(reader);
        }
        catch (Exception e) when (e is XmlException or IOException or UnauthorizedAccessException)
        {
            throw new SamlProviderException($"{path} is not XML metadata ({e.Message})");
        }
        var entity = document.DocumentElement;
        if (entity is null || entity.LocalName != "EntityDescriptor" || entity.NamespaceURI != MetadataNamespace || entity.GetAttribute("entityID") is not { Length: > 0 } entityId)
            throw new SamlProviderException($"{path} is not SAML metadata: no md:EntityDescriptor with an entityID");
        var certificates = new List<X509Certificate2>();
        foreach (var descriptor in Children(entity, "IDPSSODescriptor", MetadataNamespace))
        {
            foreach (var key in Children(descriptor, "KeyDescriptor", MetadataNamespace))
            {
                // No use attribute means both signing and encryption (SAML 2.0 Metadata §2.4.1.1).
                if (key.GetAttribute("use") is { Length: > 0 } use && use != "signing") continue;
                foreach (XmlElement data in key.GetElementsByTagName("X509Certificate", SignatureNamespace))
                {
                    try
                    {
                        certificates.Add(X509CertificateLoader.LoadCertificate(Convert.FromBase64String(data.InnerText.Trim())));
                    }
                    catch (Exception e) when (e is FormatException or CryptographicException)
                    {
                        throw new SamlProviderException($"{path}: a signing certificate is not a base64 X.509 certificate");
                    }
                }
            }
        }
        if (certificates.Count == 0) throw new SamlProviderException($"{path}: the IDPSSODescriptor has no signing certificate");
        return new RegisteredSamlProvider(arn, accountId, entityId, certificates);
    }

    private static IEnumerable<XmlElement> Children(XmlElement parent, string name, string ns) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == name && e.NamespaceURI == ns);
}

/// <summary>A <c>--saml-provider</c> that cannot be registered: a bad ARN, a missing or malformed metadata file.</summary>
public sealed class SamlProviderException(string message) : Exception(message);
