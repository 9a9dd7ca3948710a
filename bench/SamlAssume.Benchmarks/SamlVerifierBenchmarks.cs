using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using BenchmarkDotNet.Attributes;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Benchmarks;

/// <summary>Parse and verify a signed SAMLResponse (RSA-2048, SHA-256, exclusive c14n) as roles grow: issue 5's goal is ≤ 20 ms and &lt; 10 MB for 1,000 roles.</summary>
[MemoryDiagnoser]
public class SamlVerifierBenchmarks
{
    private string response = "";
    private SamlSignatureVerifier verifier = null!;

    [Params(10, 1000)]
    public int Roles { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var rsa = RSA.Create(2048);
        var certificate = new CertificateRequest("CN=Bench IdP", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var document = new XmlDocument { PreserveWhitespace = true };
        document.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(SamlReaderBenchmarks.UnsignedResponse(Roles)))
            .Replace("<saml:Subject><saml:NameID>user@example.com</saml:NameID></saml:Subject>",
                "<saml:Subject><saml:NameID>user@example.com</saml:NameID><saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData Recipient=\"https://signin.aws.amazon.com/saml\"/></saml:SubjectConfirmation></saml:Subject>" +
                "<saml:Conditions><saml:AudienceRestriction><saml:Audience>urn:amazon:webservices</saml:Audience></saml:AudienceRestriction></saml:Conditions>", StringComparison.Ordinal));
        var assertion = (XmlElement)document.GetElementsByTagName("Assertion", SamlResponseReader.AssertionNamespace)[0]!;
        var signedXml = new SignedXml(assertion) { SigningKey = rsa };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigExcC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignedXml.XmlDsigRSASHA256Url;
        var reference = new Reference("#a1") { DigestMethod = SignedXml.XmlDsigSHA256Url };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigExcC14NTransform());
        signedXml.AddReference(reference);
        var keyInfo = new KeyInfo();
        keyInfo.AddClause(new KeyInfoX509Data(certificate));
        signedXml.KeyInfo = keyInfo;
        signedXml.ComputeSignature();
        assertion.InsertAfter(document.ImportNode(signedXml.GetXml(), true), assertion.FirstChild!);
        response = Convert.ToBase64String(Encoding.UTF8.GetBytes(document.OuterXml));
        verifier = new SamlSignatureVerifier(new SamlTrustSettings { Certificate = certificate }, TimeProvider.System);
        if (verifier.VerifyBase64(response).Assertion.Roles.Count != Roles) throw new InvalidOperationException("setup: wrong role count");
    }

    [Benchmark]
    public int ParseAndVerify() => verifier.VerifyBase64(response).Assertion.Roles.Count;
}
