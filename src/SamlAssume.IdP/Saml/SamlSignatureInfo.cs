using System.Security.Cryptography.X509Certificates;
using System.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// What a signature says about itself (algorithm, the KeyInfo certificate), for display only: none of it is trusted.
/// <see cref="SignedElement"/> is "Assertion", "Response", "Response+Assertion" or null when nothing is signed.
/// </summary>
public sealed record SamlSignatureInfo(string? SignedElement, string? SignatureAlgorithm, string? DigestAlgorithm, string? KeyInfoSubject, string? KeyInfoSha256, DateTimeOffset? KeyInfoNotAfter)
{
    public static readonly SamlSignatureInfo None = new(null, null, null, null, null, null);

    /// <summary>Describes the Signature directly under the one Assertion, else the one directly under the Response.</summary>
    internal static SamlSignatureInfo Describe(XmlElement response, XmlElement? assertion)
    {
        var onAssertion = assertion is null ? null : SignatureChild(assertion);
        var onResponse = SignatureChild(response);
        var signature = onAssertion ?? onResponse;
        if (signature is null) return None;
        var signed = onAssertion is not null && onResponse is not null ? "Response+Assertion" : onAssertion is not null ? "Assertion" : "Response";
        var signedInfo = DsChild(signature, "SignedInfo");
        var method = DsChild(signedInfo, "SignatureMethod")?.GetAttribute("Algorithm");
        var digest = DsChild(DsChild(signedInfo, "Reference"), "DigestMethod")?.GetAttribute("Algorithm");
        var certificate = KeyInfoCertificates(signature).FirstOrDefault();
        return new SamlSignatureInfo(signed, method, digest, certificate?.Subject,
            certificate is null ? null : CertificateFingerprint.Sha256(certificate),
            certificate is null ? null : new DateTimeOffset(certificate.NotAfter.ToUniversalTime()));
    }

    internal static XmlElement? SignatureChild(XmlElement parent) => DsChildren(parent, "Signature").FirstOrDefault();

    /// <summary>The certificates in the signature's own KeyInfo/X509Data; unreadable ones are skipped.</summary>
    internal static IEnumerable<X509Certificate2> KeyInfoCertificates(XmlElement signature)
    {
        foreach (var data in DsChildren(DsChild(signature, "KeyInfo"), "X509Data"))
        {
            foreach (var element in DsChildren(data, "X509Certificate"))
            {
                X509Certificate2? certificate = null;
                try
                {
                    certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(string.Concat(element.InnerText.Where(c => !char.IsWhiteSpace(c)))));
                }
                catch (Exception e) when (e is FormatException or System.Security.Cryptography.CryptographicException)
                {
                }
                if (certificate is not null) yield return certificate;
            }
        }
    }

    internal static XmlElement? DsChild(XmlElement? parent, string localName) => DsChildren(parent, localName).FirstOrDefault();

    internal static IEnumerable<XmlElement> DsChildren(XmlElement? parent, string localName)
    {
        if (parent is null) yield break;
        foreach (XmlNode node in parent.ChildNodes)
        {
            if (node is XmlElement element && element.LocalName == localName && element.NamespaceURI == System.Security.Cryptography.Xml.SignedXml.XmlDsigNamespaceUrl)
                yield return element;
        }
    }
}
