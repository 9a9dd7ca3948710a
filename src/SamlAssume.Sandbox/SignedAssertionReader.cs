using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace SamlAssume.Sandbox;

/// <summary>
/// STS's side of the SAML trust: decode, parse without DTDs, insist on exactly one Assertion directly under the
/// Response, verify the signature that covers it with the IdP's certificate (never KeyInfo), and read the claims
/// from that same element. The rules follow the XML-signature-wrapping defences listed in REFERENCE.md.
/// </summary>
internal static class SignedAssertionReader
{
    private const string SignatureInvalid = "Response signature invalid";

    public static ReceivedAssertion Read(string base64, X509Certificate2 certificate)
    {
        var doc = Parse(base64);
        var response = doc.DocumentElement;
        if (response is null || response.LocalName != "Response" || response.NamespaceURI != SamlNames.Protocol)
            throw Invalid("Invalid SAML response: the root element is not a samlp:Response");

        var assertions = doc.GetElementsByTagName("Assertion", SamlNames.Assertion);
        if (assertions.Count != 1 || assertions[0] is not XmlElement assertion || assertion.ParentNode != response)
            throw Invalid("Invalid SAML response: it must hold exactly one Assertion, directly under the Response");

        var responseSigned = VerifyOwnSignature(response, certificate);
        var assertionSigned = VerifyOwnSignature(assertion, certificate);
        if (!responseSigned && !assertionSigned) throw Invalid(SignatureInvalid);

        var subject = Child(assertion, "Subject");
        var nameId = subject is null ? null : Child(subject, "NameID");
        var confirmationData = subject is null ? null : Child(subject, "SubjectConfirmation") is { } sc ? Child(sc, "SubjectConfirmationData") : null;
        var conditions = Child(assertion, "Conditions");
        var authn = Child(assertion, "AuthnStatement");
        var attributes = Children(assertion, "AttributeStatement").SelectMany(s => Children(s, "Attribute")).ToList();

        IReadOnlyList<string> Values(string name) => attributes
            .Where(a => a.GetAttribute("Name") == name)
            .SelectMany(a => Children(a, "AttributeValue"))
            .Select(v => v.InnerText.Trim())
            .ToList();

        var notOnOrAfter = Earliest(Time(conditions, "NotOnOrAfter"), Time(confirmationData, "NotOnOrAfter"));
        return new ReceivedAssertion(
            Issuer: Child(assertion, "Issuer")?.InnerText.Trim() ?? "",
            NameId: nameId?.InnerText.Trim() ?? "",
            NameIdFormat: nameId?.GetAttribute("Format") is { Length: > 0 } format ? format : null,
            Recipient: confirmationData?.GetAttribute("Recipient") is { Length: > 0 } recipient ? recipient : null,
            NotBefore: Time(conditions, "NotBefore"),
            NotOnOrAfter: notOnOrAfter,
            SessionNotOnOrAfter: Time(authn, "SessionNotOnOrAfter"),
            Audiences: conditions is null ? [] : Children(conditions, "AudienceRestriction").SelectMany(r => Children(r, "Audience")).Select(a => a.InnerText.Trim()).ToList(),
            Roles: Values(SamlNames.RoleAttribute),
            RoleSessionName: Values(SamlNames.RoleSessionNameAttribute).FirstOrDefault(),
            SessionDuration: Values(SamlNames.SessionDurationAttribute).FirstOrDefault());
    }

    private static XmlDocument Parse(string base64)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64.Trim());
        }
        catch (FormatException)
        {
            throw Invalid("Invalid SAML response: not base64");
        }
        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, IgnoreComments = false };
        var doc = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = XmlReader.Create(new MemoryStream(bytes), settings);
            doc.Load(reader);
        }
        catch (XmlException)
        {
            throw Invalid("Invalid SAML response: not well-formed XML");
        }
        return doc;
    }

    /// <summary>
    /// True if <paramref name="element"/> carries a valid enveloped signature over itself; false if it has none;
    /// a signature that is present but wrong, or that points elsewhere, is an error.
    /// </summary>
    private static bool VerifyOwnSignature(XmlElement element, X509Certificate2 certificate)
    {
        var signatures = Children(element, "Signature", SamlNames.XmlDsig).ToList();
        if (signatures.Count == 0) return false;
        if (signatures.Count > 1) throw Invalid(SignatureInvalid);

        var id = element.GetAttribute("ID");
        if (id.Length == 0 || CountIds(element.OwnerDocument, id) != 1) throw Invalid(SignatureInvalid);
        // XSLT, XPath and the like are refused unseen: SignedXml would instantiate them by URI in LoadXml.
        if (!XmlSignatureAlgorithms.AcceptsTransforms(signatures[0])) throw Invalid(SignatureInvalid);
        try
        {
            var signedXml = XmlSignatureAlgorithms.NewSignedXml(element);
            signedXml.LoadXml(signatures[0]);
            if (signedXml.SignedInfo?.References.Count != 1 ||
                signedXml.SignedInfo.References[0] is not Reference reference ||
                reference.Uri != "#" + id ||
                signedXml.Signature.ObjectList.Count != 0)
                throw Invalid(SignatureInvalid);
            // Verify with the IdP's certificate only: a key embedded in KeyInfo proves nothing.
            if (!signedXml.CheckSignature(certificate, verifySignatureOnly: true)) throw Invalid(SignatureInvalid);
            return true;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            throw Invalid(SignatureInvalid);
        }
    }

    private static int CountIds(XmlDocument doc, string id)
    {
        var count = 0;
        foreach (XmlElement e in doc.GetElementsByTagName("*"))
            if (e.GetAttribute("ID") == id || e.GetAttribute("Id") == id || e.GetAttribute("id") == id) count++;
        return count;
    }

    private static DateTimeOffset? Time(XmlElement? element, string attribute) =>
        element?.GetAttribute(attribute) is { Length: > 0 } text &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static DateTimeOffset? Earliest(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : (a < b ? a : b);

    private static XmlElement? Child(XmlElement parent, string localName, string ns = SamlNames.Assertion) =>
        Children(parent, localName, ns).FirstOrDefault();

    private static IEnumerable<XmlElement> Children(XmlElement parent, string localName, string ns = SamlNames.Assertion) =>
        parent.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == localName && e.NamespaceURI == ns);

    private static StsRejection Invalid(string message) => new(StsError.InvalidIdentityToken(message));
}
