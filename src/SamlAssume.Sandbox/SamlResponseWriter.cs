using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace SamlAssume.Sandbox;

/// <summary>
/// Builds the SAMLResponse OneLogin would hand back for the AWS app: one signed Assertion carrying the
/// Role / RoleSessionName / SessionDuration attributes, base64 of the UTF-8 XML.
/// </summary>
internal sealed class SamlResponseWriter(SandboxTenant tenant, X509Certificate2 certificate, TimeProvider clock)
{
    public string WriteBase64(SandboxApp app, SandboxUser user) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(Write(app, user).OuterXml));

    public XmlDocument Write(SandboxApp app, SandboxUser user)
    {
        var settings = tenant.Assertion;
        var now = clock.GetUtcNow();
        var notOnOrAfter = Instant(now.AddSeconds(settings.LifetimeSeconds));
        var responseId = NewId();
        var assertionId = NewId();

        var doc = new XmlDocument { PreserveWhitespace = true };
        var response = Element(doc, "samlp", "Response", SamlNames.Protocol,
            ("ID", responseId), ("Version", "2.0"), ("IssueInstant", Instant(now)), ("Destination", settings.Recipient));
        response.SetAttribute("xmlns:saml", SamlNames.Assertion);
        doc.AppendChild(response);
        response.AppendChild(Element(doc, "saml", "Issuer", SamlNames.Assertion))!.InnerText = app.Issuer;
        var status = response.AppendChild(Element(doc, "samlp", "Status", SamlNames.Protocol))!;
        status.AppendChild(Element(doc, "samlp", "StatusCode", SamlNames.Protocol, ("Value", SamlNames.Success)));

        var assertion = Element(doc, "saml", "Assertion", SamlNames.Assertion,
            ("ID", assertionId), ("Version", "2.0"), ("IssueInstant", Instant(now)));
        response.AppendChild(assertion);
        var issuer = assertion.AppendChild(Element(doc, "saml", "Issuer", SamlNames.Assertion))!;
        issuer.InnerText = app.Issuer;

        var subject = assertion.AppendChild(Element(doc, "saml", "Subject", SamlNames.Assertion))!;
        subject.AppendChild(Element(doc, "saml", "NameID", SamlNames.Assertion, ("Format", SamlNames.EmailNameIdFormat)))!
            .InnerText = user.Email ?? user.Username;
        var confirmation = subject.AppendChild(Element(doc, "saml", "SubjectConfirmation", SamlNames.Assertion, ("Method", SamlNames.BearerMethod)))!;
        confirmation.AppendChild(Element(doc, "saml", "SubjectConfirmationData", SamlNames.Assertion,
            ("NotOnOrAfter", notOnOrAfter), ("Recipient", settings.Recipient)));

        var conditions = assertion.AppendChild(Element(doc, "saml", "Conditions", SamlNames.Assertion,
            ("NotBefore", Instant(now.AddSeconds(-settings.ClockSkewSeconds))), ("NotOnOrAfter", notOnOrAfter)))!;
        conditions.AppendChild(Element(doc, "saml", "AudienceRestriction", SamlNames.Assertion))!
            .AppendChild(Element(doc, "saml", "Audience", SamlNames.Assertion))!.InnerText = settings.Audience;

        var authn = Element(doc, "saml", "AuthnStatement", SamlNames.Assertion, ("AuthnInstant", Instant(now)), ("SessionIndex", NewId()));
        if (settings.SessionNotOnOrAfterSeconds is { } sessionSeconds)
            authn.SetAttribute("SessionNotOnOrAfter", Instant(now.AddSeconds(sessionSeconds)));
        assertion.AppendChild(authn);
        authn.AppendChild(Element(doc, "saml", "AuthnContext", SamlNames.Assertion))!
            .AppendChild(Element(doc, "saml", "AuthnContextClassRef", SamlNames.Assertion))!.InnerText = SamlNames.PasswordProtectedTransport;

        var attributes = assertion.AppendChild(Element(doc, "saml", "AttributeStatement", SamlNames.Assertion))!;
        var roles = tenant.RolesOf(user);
        // A user without roles gets no Role attribute at all, as OneLogin does when no role is mapped.
        if (roles.Count > 0)
            AddAttribute(doc, attributes, SamlNames.RoleAttribute, roles.Select(r => user.ProviderFirst
                ? $"{r.Account.ProviderArn},{r.Account.RoleArn(r.Role)}"
                : $"{r.Account.RoleArn(r.Role)},{r.Account.ProviderArn}"));
        AddAttribute(doc, attributes, SamlNames.RoleSessionNameAttribute, [user.RoleSessionName ?? user.Username]);
        if (user.SessionDuration is { } duration)
            AddAttribute(doc, attributes, SamlNames.SessionDurationAttribute, [duration.ToString(CultureInfo.InvariantCulture)]);

        if (settings.SignAssertion) Sign(assertion, insertAfter: issuer);
        // The Response is signed last so its digest covers the already-signed Assertion.
        if (settings.SignResponse) Sign(response, insertAfter: response.FirstChild!);
        return doc;
    }

    private void Sign(XmlElement target, XmlNode insertAfter)
    {
        var signedXml = XmlSignatureAlgorithms.NewSignedXml(target);
        signedXml.SigningKey = certificate.GetRSAPrivateKey();
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#" + target.GetAttribute("ID")) { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        // Schema order puts ds:Signature right after Issuer.
        var signature = target.OwnerDocument.ImportNode(signedXml.GetXml(), deep: true);
        target.InsertAfter(signature, insertAfter);
    }

    private static void AddAttribute(XmlDocument doc, XmlNode statement, string name, IEnumerable<string> values)
    {
        var attribute = statement.AppendChild(Element(doc, "saml", "Attribute", SamlNames.Assertion, ("Name", name), ("NameFormat", SamlNames.AttrNameFormatUri)))!;
        foreach (var value in values)
            attribute.AppendChild(Element(doc, "saml", "AttributeValue", SamlNames.Assertion))!.InnerText = value;
    }

    private static XmlElement Element(XmlDocument doc, string prefix, string name, string ns, params (string Name, string Value)[] attributes)
    {
        var element = doc.CreateElement(prefix, name, ns);
        foreach (var (attrName, value) in attributes) element.SetAttribute(attrName, value);
        return element;
    }

    private static string NewId() => "_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    internal static string Instant(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
