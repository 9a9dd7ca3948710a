using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Xml;
using SamlAssume.IdP.Saml;
using static SamlAssume.IdP.Tests.Saml.SignedSaml;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>
/// Every algorithm the verifier accepts, verified by the NativeAOT executable: each URI must resolve to what
/// SignatureAlgorithms registered, since trimming removed CryptoConfig's reflection-built defaults. The attack
/// tests (SignatureAttackTests) run against the same binary through their shared Refused helper.
/// </summary>
public sealed class NativeVerificationTests
{
    private static XmlDocument CurrentResponse(X509Certificate2 signer, string signatureMethod = SignatureAlgorithms.RsaSha256,
        string digestMethod = SignatureAlgorithms.Sha256, bool signResponse = false)
    {
        var document = Load(NativeVerifier.Current(SamlResponseXml.Response(SamlResponseXml.Assertion())));
        Sign(TheAssertion(document), signer, signatureMethod, digestMethod);
        if (signResponse) Sign(document.DocumentElement!, signer, signatureMethod, digestMethod);
        return document;
    }

    [NativeBinaryFact]
    public void Rsa_signatures_with_every_allowed_digest_verify()
    {
        foreach (var (signature, digest) in new[]
                 {
                     (SignatureAlgorithms.RsaSha256, SignatureAlgorithms.Sha256), (SignatureAlgorithms.RsaSha384, SignatureAlgorithms.Sha384),
                     (SignatureAlgorithms.RsaSha512, SignatureAlgorithms.Sha512), (SignatureAlgorithms.RsaSha256, SignatureAlgorithms.Sha512),
                 })
        {
            Assert.Null(NativeVerifier.RuleOf(Bytes(CurrentResponse(Idp, signature, digest)), Idp));
        }
        Assert.Null(NativeVerifier.RuleOf(Bytes(CurrentResponse(Idp, signResponse: true)), Idp));
    }

    [NativeBinaryFact]
    public void Ecdsa_signatures_verify()
    {
        using var ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = new CertificateRequest("CN=EC IdP", ec, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));

        Assert.Null(NativeVerifier.RuleOf(Bytes(CurrentResponse(certificate, SignatureAlgorithms.EcdsaSha256)), certificate));
        Assert.Null(NativeVerifier.RuleOf(Bytes(CurrentResponse(certificate, SignatureAlgorithms.EcdsaSha384, SignatureAlgorithms.Sha384)), certificate));
    }

    [NativeBinaryFact]
    public void Sha1_is_refused_unless_allowed()
    {
        var document = CurrentResponse(Idp, SignatureAlgorithms.RsaSha1, SignatureAlgorithms.Sha1);

        Assert.Equal("sha1", NativeVerifier.RuleOf(Bytes(document), Idp));
        Assert.Null(NativeVerifier.RuleOf(Bytes(document), Idp, allowSha1: true));
    }

    [NativeBinaryFact]
    public void A_changed_claim_and_another_key_are_refused()
    {
        var tampered = CurrentResponse(Idp);
        First(tampered, "AttributeValue").InnerText = "arn:aws:iam::999999999999:role/Evil,arn:aws:iam::999999999999:saml-provider/OneLogin";

        Assert.Equal("signature-invalid", NativeVerifier.RuleOf(Bytes(tampered), Idp));
        Assert.Equal("untrusted-key", NativeVerifier.RuleOf(Bytes(CurrentResponse(Attacker)), Idp));
    }

    [NativeBinaryFact]
    public void An_xslt_transform_is_refused_without_being_created()
    {
        var document = CurrentResponse(Idp);
        var transforms = First(SignatureOf(TheAssertion(document)), "Transforms");
        var xslt = document.CreateElement("ds", "Transform", SignedXml.XmlDsigNamespaceUrl);
        xslt.SetAttribute("Algorithm", SignedXml.XmlDsigXsltTransformUrl);
        transforms.AppendChild(xslt);

        Assert.Equal("transform", NativeVerifier.RuleOf(Bytes(document), Idp));
        Assert.Equal(SamlTrustRule.Transform, Assert.Throws<SamlVerificationException>(() => Verifier().Verify(Bytes(document))).Rule);
    }
}
