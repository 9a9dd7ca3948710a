using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using SamlAssume.IdP.Saml;
using static SamlAssume.IdP.Tests.Saml.SignedSaml;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>The non-attack rules: algorithms, status, issuer, validity window, audience, recipient.</summary>
public sealed class VerificationRuleTests
{
    private static SamlTrustRule RuleOf(Action verify) => Assert.Throws<SamlVerificationException>(verify).Rule;

    [Fact]
    public void Sha1_is_refused_by_default()
    {
        var document = Response(signatureMethod: SignatureAlgorithms.RsaSha1, digestMethod: SignatureAlgorithms.Sha1);

        Assert.Equal(SamlTrustRule.Sha1, RuleOf(() => Verifier().Verify(Bytes(document))));
    }

    [Fact]
    public void Sha1_is_accepted_when_allowed()
    {
        var document = Response(signatureMethod: SignatureAlgorithms.RsaSha1, digestMethod: SignatureAlgorithms.Sha1);

        var verified = Verifier(allowSha1: true).Verify(Bytes(document));

        Assert.Equal(SignatureAlgorithms.RsaSha1, verified.Signature.SignatureAlgorithm);
    }

    [Theory]
    [InlineData(SignatureAlgorithms.RsaSha384, SignatureAlgorithms.Sha384)]
    [InlineData(SignatureAlgorithms.RsaSha512, SignatureAlgorithms.Sha512)]
    public void Stronger_rsa_algorithms_verify(string signature, string digest)
    {
        Assert.NotNull(Verifier().Verify(Bytes(Response(signatureMethod: signature, digestMethod: digest))));
    }

    [Fact]
    public void Ecdsa_signatures_verify()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=EC IdP", ec, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        var document = Response(signer: certificate, signatureMethod: SignatureAlgorithms.EcdsaSha256);

        Assert.Equal(SignatureAlgorithms.EcdsaSha256, Verifier(certificate).Verify(Bytes(document)).Signature.SignatureAlgorithm);
    }

    [Fact]
    public void Bad_status_is_refused()
    {
        var document = Response();
        First(document, "StatusCode").SetAttribute("Value", "urn:oasis:names:tc:SAML:2.0:status:Responder");

        Assert.Equal(SamlTrustRule.Status, RuleOf(() => Verifier().Verify(Bytes(document))));
    }

    [Fact]
    public void Wrong_issuer_is_refused()
    {
        Assert.Equal(SamlTrustRule.Issuer, RuleOf(() => Verifier(issuer: "https://app.onelogin.com/saml/metadata/111").Verify(Bytes(Response()))));
        Assert.NotNull(Verifier(issuer: "https://app.onelogin.com/saml/metadata/654321").Verify(Bytes(Response())));
    }

    [Fact]
    public void Expired_is_refused_after_the_skew()
    {
        // Valid until 12:03; 3 minutes of skew.
        Assert.NotNull(Verifier(now: Noon.AddMinutes(5)).Verify(Bytes(Response())));
        Assert.Equal(SamlTrustRule.Expired, RuleOf(() => Verifier(now: Noon.AddMinutes(6)).Verify(Bytes(Response()))));
    }

    [Fact]
    public void Not_yet_valid_is_refused_before_the_skew()
    {
        // Valid from 11:57; 3 minutes of skew.
        Assert.NotNull(Verifier(now: Noon.AddMinutes(-5)).Verify(Bytes(Response())));
        Assert.Equal(SamlTrustRule.NotYetValid, RuleOf(() => Verifier(now: Noon.AddMinutes(-7)).Verify(Bytes(Response()))));
    }

    [Fact]
    public void Wrong_audience_is_refused()
    {
        var document = Response(d =>
        {
            foreach (System.Xml.XmlElement audience in d.GetElementsByTagName("Audience", "*")) audience.InnerText = "https://evil.example/sp";
        });

        Assert.Equal(SamlTrustRule.Audience, RuleOf(() => Verifier().Verify(Bytes(document))));
    }

    [Theory]
    [InlineData("https://signin.aws.amazon.com/saml", true)]
    [InlineData("https://eu-west-1.signin.aws.amazon.com/saml", true)]
    [InlineData("https://signin.amazonaws-us-gov.com/saml", true)]
    [InlineData("https://us-gov-west-1.signin.amazonaws-us-gov.com/saml", true)]
    [InlineData("https://signin.amazonaws.cn/saml", true)]
    [InlineData("https://cn-north-1.signin.amazonaws.cn/saml", true)]
    [InlineData("https://evil.example/saml", false)]
    [InlineData("https://signin.aws.amazon.com.evil.example/saml", false)]
    [InlineData("http://signin.aws.amazon.com/saml", false)]
    public void Recipient_must_be_an_aws_sign_in_endpoint(string recipient, bool accepted)
    {
        var document = Response(d => First(d, "SubjectConfirmationData").SetAttribute("Recipient", recipient));

        if (accepted)
            Assert.Equal(recipient, Verifier().Verify(Bytes(document)).Assertion.Recipient);
        else
            Assert.Equal(SamlTrustRule.Recipient, RuleOf(() => Verifier().Verify(Bytes(document))));
    }

    [Fact]
    public void Values_come_from_the_verified_assertion()
    {
        var verified = Verifier().VerifyBase64(Convert.ToBase64String(Bytes(Response())));

        Assert.Equal("jane@acme.example", verified.Assertion.Subject);
        Assert.Equal(CertificateFingerprint.Sha256(Idp), verified.Signature.KeyInfoSha256);
    }

    [Fact]
    public void Rule_names_are_kebab_case()
    {
        Assert.Equal("multiple-assertions", SamlTrustRule.MultipleAssertions.Name());
        Assert.Equal("sha1", SamlTrustRule.Sha1.Name());
    }

    [Fact]
    public void A_pin_that_contradicts_the_certificate_is_a_configuration_error()
    {
        Assert.Throws<ArgumentException>(() => Verifier(Idp, pin: CertificateFingerprint.Sha256(Attacker)));
    }

    [Fact]
    public void Without_a_key_the_other_rules_still_apply()
    {
        var keyless = new SamlSignatureVerifier(new SamlTrustSettings(), new FakeTimeProvider(Noon.AddHours(1)));

        Assert.Equal(SamlTrustRule.Expired, RuleOf(() => keyless.CheckWithoutSignature(Bytes(Response()))));
        Assert.Throws<InvalidOperationException>(() => keyless.Verify(Bytes(Response())));
    }

    [Fact]
    public void Fingerprints_normalize()
    {
        var canonical = CertificateFingerprint.Sha256(Idp);
        Assert.Equal(canonical, CertificateFingerprint.Normalize(canonical.Replace(":", "").ToLowerInvariant()));
        Assert.Null(CertificateFingerprint.Normalize("abc"));
    }
}
