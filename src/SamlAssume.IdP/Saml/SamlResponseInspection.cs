using System.Text;
using System.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// What a SAMLResponse says, read without trusting it (for <c>assertion inspect</c>): the claims, the StatusCode
/// and what the signature says about itself. Parsed with the same hardened settings as everything else.
/// </summary>
public sealed record SamlResponseInspection(SamlAssertion Assertion, string? StatusCode, SamlSignatureInfo Signature)
{
    /// <summary>The XML bytes of a SAMLResponse given as raw XML (starts with '&lt;') or as base64.</summary>
    public static byte[] DecodeText(string text)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith('<') ? Encoding.UTF8.GetBytes(trimmed) : SamlResponseReader.Decode(text);
    }

    /// <summary>Reads the claims unverified; a structural refusal (DTD, two assertions, markup in a value) still throws.</summary>
    public static SamlResponseInspection Read(byte[] xml)
    {
        XmlDocument document;
        try
        {
            document = SamlSignatureVerifier.Load(xml);
        }
        catch (SamlVerificationException e)
        {
            throw new SamlFormatException(e.Reason, e);
        }
        var assertion = SamlResponseReader.ReadDocument(document);
        var response = document.DocumentElement!;
        var status = response.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "Status" && e.NamespaceURI == SamlResponseReader.ProtocolNamespace)
            ?.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.LocalName == "StatusCode")?.GetAttribute("Value");
        return new SamlResponseInspection(assertion, status, SamlSignatureInfo.Describe(response, SamlResponseReader.FindTheAssertion(document)));
    }
}
