using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using SamlAssume.IdP.Saml;
using SamlAssume.IdP.Tests.Fakes;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>
/// Genuinely signed SAMLResponses for the verifier's tests: <see cref="SamlResponseXml"/>'s template, signed with the
/// test IdP's own RSA key through SignedXml the way an IdP does (exclusive c14n, enveloped, signature after Issuer).
/// Attacks start from one of these and edit the XML afterwards.
/// </summary>
public static class SignedSaml
{
    public static readonly X509Certificate2 Idp = NewCertificate("CN=Test IdP");
    public static readonly X509Certificate2 Attacker = NewCertificate("CN=Attacker");

    /// <summary>The template's assertion is valid from 11:57 to 12:03 on this day.</summary>
    public static readonly DateTimeOffset Noon = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public static SamlSignatureVerifier Verifier(X509Certificate2? certificate = null, bool allowSha1 = false, string? issuer = null, DateTimeOffset? now = null, string? pin = null) =>
        new(new SamlTrustSettings
        {
            Certificate = pin is null ? certificate ?? Idp : certificate,
            PinnedSha256 = pin,
            AllowSha1 = allowSha1,
            ExpectedIssuer = issuer,
        }, new FakeTimeProvider(now ?? Noon));

    public static XmlDocument Load(string xml)
    {
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(xml);
        return document;
    }

    /// <summary>A Response whose Assertion (and optionally the Response too) is signed by <paramref name="signer"/>.</summary>
    public static XmlDocument Response(Action<XmlDocument>? beforeSigning = null, bool signAssertion = true, bool signResponse = false,
        X509Certificate2? signer = null, string signatureMethod = SignatureAlgorithms.RsaSha256, string digestMethod = SignatureAlgorithms.Sha256, string? attributes = null)
    {
        var document = Load(SamlResponseXml.Response(SamlResponseXml.Assertion(attributes)));
        beforeSigning?.Invoke(document);
        if (signAssertion) Sign(TheAssertion(document), signer ?? Idp, signatureMethod, digestMethod);
        if (signResponse) Sign(document.DocumentElement!, signer ?? Idp, signatureMethod, digestMethod);
        return document;
    }

    public static void Sign(XmlElement target, X509Certificate2 signer, string signatureMethod = SignatureAlgorithms.RsaSha256, string digestMethod = SignatureAlgorithms.Sha256)
    {
        SignatureAlgorithms.Register();
        var signedXml = new SignedXml(target) { SigningKey = (AsymmetricAlgorithm?)signer.GetRSAPrivateKey() ?? signer.GetECDsaPrivateKey() };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = signatureMethod;
        var reference = new Reference("#" + target.GetAttribute("ID")) { DigestMethod = digestMethod };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(signer));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        var issuer = target.ChildNodes.OfType<XmlElement>().First(e => e.LocalName == "Issuer");
        target.InsertAfter(target.OwnerDocument.ImportNode(signedXml.GetXml(), deep: true), issuer);
    }

    public static XmlElement TheAssertion(XmlDocument document) =>
        (XmlElement)document.GetElementsByTagName("Assertion", SamlResponseReader.AssertionNamespace)[0]!;

    public static XmlElement SignatureOf(XmlElement element) =>
        element.ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == "Signature");

    public static XmlElement First(XmlNode scope, string localName) =>
        scope is XmlDocument d ? (XmlElement)d.GetElementsByTagName(localName, "*")[0]! : (XmlElement)((XmlElement)scope).GetElementsByTagName(localName, "*")[0]!;

    public static byte[] Bytes(XmlDocument document) => Encoding.UTF8.GetBytes(document.OuterXml);

    public static byte[] Bytes(string xml) => Encoding.UTF8.GetBytes(xml);

    private static X509Certificate2 NewCertificate(string subject)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var withKey = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(5));
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null, X509KeyStorageFlags.Exportable);
    }
}
