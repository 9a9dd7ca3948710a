using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;
using SamlAssume.IdP.Saml;
using static SamlAssume.IdP.Tests.Saml.SignedSaml;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>
/// One test per attack from REFERENCE.md's table, each built from a genuinely signed Response. XSW1–XSW8 follow
/// Somorovsky et al., "On Breaking SAML: Be Whoever You Want to Be" (USENIX Security 2012), figure by figure.
/// </summary>
public sealed class SignatureAttackTests
{
    private const string EvilRole = "arn:aws:iam::999999999999:role/Evil,arn:aws:iam::999999999999:saml-provider/OneLogin";

    private static SamlVerificationException Refused(XmlDocument document, SamlTrustRule rule, SamlSignatureVerifier? verifier = null) =>
        Refused(Bytes(document), rule, verifier);

    private static SamlVerificationException Refused(byte[] xml, SamlTrustRule rule, SamlSignatureVerifier? verifier = null)
    {
        var e = Assert.Throws<SamlVerificationException>(() => (verifier ?? Verifier()).Verify(xml));
        Assert.True(e.Rule == rule, $"expected {rule}, got {e.Rule}: {e.Message}");
        Assert.Contains($"({rule.Name()})", e.Message);
        // The NativeAOT build, when .ci/run names it, must refuse the same attack for the same reason.
        if (verifier is null && NativeVerifier.Binary is not null)
            Assert.Equal(NativeVerifier.AtRealTime(rule), NativeVerifier.RuleOf(xml, Idp));
        return e;
    }

    /// <summary>A copy of the signed assertion with a new ID, no signature and the attacker's role.</summary>
    private static XmlElement EvilCopy(XmlElement assertion, string id = "EVIL")
    {
        var evil = (XmlElement)assertion.CloneNode(deep: true);
        evil.SetAttribute("ID", id);
        foreach (var signature in evil.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature").ToList()) evil.RemoveChild(signature);
        First(evil, "AttributeValue").InnerText = EvilRole;
        return evil;
    }

    private static XmlElement WithoutSignature(XmlElement element)
    {
        var copy = (XmlElement)element.CloneNode(deep: true);
        foreach (var signature in copy.ChildNodes.OfType<XmlElement>().Where(e => e.LocalName == "Signature").ToList()) copy.RemoveChild(signature);
        return copy;
    }

    [Fact]
    public void The_genuine_response_verifies()
    {
        var verified = Verifier().Verify(Bytes(Response()));

        Assert.Equal(SamlResponseXml.RoleArn, verified.Assertion.Roles.Single().RoleArn);
        Assert.Equal("Assertion", verified.Signature.SignedElement);
        Assert.Equal(CertificateFingerprint.Sha256(Idp), verified.SigningCertificateSha256);
    }

    [Fact]
    public void A_signed_response_and_a_signed_response_and_assertion_verify()
    {
        Assert.Equal("Response", Verifier().Verify(Bytes(Response(signAssertion: false, signResponse: true))).Signature.SignedElement);
        Assert.Equal("Response+Assertion", Verifier().Verify(Bytes(Response(signResponse: true))).Signature.SignedElement);
    }

    [Fact]
    public void XSW1_signed_response_moved_into_the_signature_of_a_forged_response()
    {
        var document = Response(signAssertion: false, signResponse: true);
        var original = document.DocumentElement!;
        var signature = SignatureOf(original);
        var evil = WithoutSignature(original);
        evil.SetAttribute("ID", "EVIL-RESPONSE");
        First(evil, "AttributeValue").InnerText = EvilRole;
        signature.AppendChild(WithoutSignature(original));
        original.RemoveChild(signature);
        evil.InsertAfter(signature, First(evil, "Issuer"));
        document.ReplaceChild(evil, original);

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW2_signed_response_detached_next_to_the_signature_of_a_forged_response()
    {
        var document = Response(signAssertion: false, signResponse: true);
        var original = document.DocumentElement!;
        var signature = SignatureOf(original);
        var evil = WithoutSignature(original);
        evil.SetAttribute("ID", "EVIL-RESPONSE");
        First(evil, "AttributeValue").InnerText = EvilRole;
        original.RemoveChild(signature);
        var issuer = First(evil, "Issuer");
        evil.InsertAfter(signature, issuer);
        evil.InsertBefore(original, signature);
        document.AppendChild(evil);

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW1_XSW2_core_a_response_signature_that_references_another_element()
    {
        // The essence of XSW1/2 without a second assertion: the Response's signature covers some other element.
        var document = Response();
        var assertion = TheAssertion(document);
        var signature = SignatureOf(assertion);
        assertion.RemoveChild(signature);
        document.DocumentElement!.InsertAfter(signature, First(document.DocumentElement!, "Issuer"));

        Refused(document, SamlTrustRule.ReferenceTarget);
    }

    [Fact]
    public void XSW3_forged_assertion_before_the_signed_one()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        document.DocumentElement!.InsertBefore(EvilCopy(assertion), assertion);

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW4_forged_assertion_wrapping_the_signed_one()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        var evil = EvilCopy(assertion);
        document.DocumentElement!.ReplaceChild(evil, assertion);
        evil.AppendChild(assertion);

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW5_signed_assertion_edited_and_a_pristine_copy_appended()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        document.DocumentElement!.AppendChild(WithoutSignature(assertion));
        First(assertion, "AttributeValue").InnerText = EvilRole;

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW6_signed_assertion_edited_and_a_pristine_copy_inside_its_signature()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        SignatureOf(assertion).AppendChild(WithoutSignature(assertion));
        First(assertion, "AttributeValue").InnerText = EvilRole;

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW7_signed_assertion_hidden_in_extensions_next_to_a_forged_one()
    {
        var document = Response();
        var response = document.DocumentElement!;
        var assertion = TheAssertion(document);
        var extensions = document.CreateElement("samlp", "Extensions", SamlResponseReader.ProtocolNamespace);
        response.InsertAfter(extensions, First(response, "Issuer"));
        response.ReplaceChild(EvilCopy(assertion), assertion);
        extensions.AppendChild(assertion);

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW7_core_the_only_assertion_inside_extensions()
    {
        var document = Response();
        var response = document.DocumentElement!;
        var assertion = TheAssertion(document);
        var extensions = document.CreateElement("samlp", "Extensions", SamlResponseReader.ProtocolNamespace);
        response.InsertAfter(extensions, First(response, "Issuer"));
        extensions.AppendChild(assertion);

        Refused(document, SamlTrustRule.AssertionPlacement);
    }

    [Fact]
    public void XSW8_signed_assertion_edited_and_a_pristine_copy_in_a_signature_object()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        var signature = SignatureOf(assertion);
        var dsObject = document.CreateElement("ds", "Object", SignedXml.XmlDsigNamespaceUrl);
        dsObject.AppendChild(WithoutSignature(assertion));
        signature.AppendChild(dsObject);
        First(assertion, "AttributeValue").InnerText = EvilRole;

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Fact]
    public void XSW8_core_any_signature_object_is_refused()
    {
        var document = Response();
        var signature = SignatureOf(TheAssertion(document));
        var dsObject = document.CreateElement("ds", "Object", SignedXml.XmlDsigNamespaceUrl);
        dsObject.SetAttribute("Id", "obj");
        signature.AppendChild(dsObject);

        Refused(document, SamlTrustRule.SignatureObject);
    }

    [Fact]
    public void Two_assertions_CVE_2022_41912()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        document.DocumentElement!.AppendChild(EvilCopy(assertion, "SECOND"));

        Refused(document, SamlTrustRule.MultipleAssertions);
    }

    [Theory]
    [InlineData("NameID")]
    [InlineData("AttributeValue")]
    public void Comment_truncation_CVE_2017_11427(string element)
    {
        // The attacker registers jane@acme.example.evil.com and gets it signed with a comment after "example" (or inserts
        // one later: canonicalization without comments makes the two equivalent). A reader that takes the first text
        // node sees jane@acme.example; ours refuses the value.
        var document = Response(d =>
        {
            var value = element == "NameID" ? First(d, "NameID") : (XmlElement)d.GetElementsByTagName("AttributeValue", "*")[1]!;
            value.RemoveAll();
            value.AppendChild(d.CreateTextNode("jane@acme.example"));
            value.AppendChild(d.CreateComment(""));
            value.AppendChild(d.CreateTextNode(".evil.com"));
        }, attributes: SamlResponseXml.Roles(SamlResponseXml.RoleValue)
            + SamlResponseXml.Attribute(SamlResponseReader.RoleSessionNameAttributeName, SamlResponseXml.AttributeValues("jane@acme.example.evil.com")));

        Refused(document, SamlTrustRule.CommentInValue);
    }

    [Fact]
    public void Processing_instruction_in_a_value_is_refused_like_a_comment()
    {
        var document = Response(d => First(d, "NameID").AppendChild(d.CreateProcessingInstruction("x", "y")));

        Refused(document, SamlTrustRule.CommentInValue);
    }

    [Fact]
    public void Attacker_key_in_KeyInfo()
    {
        var document = Response(d => First(d, "AttributeValue").InnerText = EvilRole, signer: Attacker);

        var e = Refused(document, SamlTrustRule.UntrustedKey);
        Assert.Contains(CertificateFingerprint.Sha256(Attacker), e.Message);
    }

    [Fact]
    public void Attacker_key_in_KeyInfo_is_refused_with_only_a_pin()
    {
        var document = Response(signer: Attacker);

        Refused(document, SamlTrustRule.UntrustedKey, Verifier(pin: CertificateFingerprint.Sha256(Idp)));
    }

    [Fact]
    public void A_pin_selects_the_matching_KeyInfo_certificate()
    {
        var verified = Verifier(pin: CertificateFingerprint.Sha256(Idp)).Verify(Bytes(Response()));

        Assert.Equal(CertificateFingerprint.Sha256(Idp), verified.SigningCertificateSha256);
    }

    [Fact]
    public void Signature_removed()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        assertion.RemoveChild(SignatureOf(assertion));
        First(assertion, "AttributeValue").InnerText = EvilRole;

        Refused(document, SamlTrustRule.SignatureMissing);
    }

    [Fact]
    public void Content_changed_after_signing()
    {
        var document = Response();
        First(document, "AttributeValue").InnerText = EvilRole;

        Refused(document, SamlTrustRule.SignatureInvalid);
    }

    [Fact]
    public void Duplicate_IDs()
    {
        var document = Response();
        var response = document.DocumentElement!;
        var extensions = document.CreateElement("samlp", "Extensions", SamlResponseReader.ProtocolNamespace);
        var decoy = document.CreateElement("x", "Decoy", "urn:example:decoy");
        decoy.SetAttribute("ID", "A1");
        extensions.AppendChild(decoy);
        response.InsertAfter(extensions, First(response, "Issuer"));

        Refused(document, SamlTrustRule.DuplicateId);
    }

    [Fact]
    public void Over_broad_signature_search_CVE_2024_45409()
    {
        // A genuine signature, lifted from another signed response, hidden in Extensions of an unsigned forged one:
        // a verifier that looks for //ds:Signature finds it and verifies it.
        var genuine = Response();
        var stolen = SignatureOf(TheAssertion(genuine));
        var document = Response(d => First(d, "AttributeValue").InnerText = EvilRole, signAssertion: false);
        var response = document.DocumentElement!;
        var extensions = document.CreateElement("samlp", "Extensions", SamlResponseReader.ProtocolNamespace);
        extensions.AppendChild(document.ImportNode(stolen, deep: true));
        response.InsertAfter(extensions, First(response, "Issuer"));

        Refused(document, SamlTrustRule.SignaturePlacement);
    }

    [Fact]
    public void Two_signatures_on_one_element_are_refused()
    {
        var document = Response();
        var assertion = TheAssertion(document);
        var signature = SignatureOf(assertion);
        assertion.InsertAfter(signature.CloneNode(deep: true), signature);

        Refused(document, SamlTrustRule.SignaturePlacement);
    }

    [Fact]
    public void Entity_expansion_billion_laughs()
    {
        var xml = Encoding.UTF8.GetString(Bytes(Response()));
        var bomb = """
            <!DOCTYPE samlp:Response [
              <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
              <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
              <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
            ]>
            """;
        var attacked = xml.Insert(xml.IndexOf("<samlp:Response", StringComparison.Ordinal), bomb).Replace("jane@acme.example</saml:NameID>", "&c;</saml:NameID>", StringComparison.Ordinal);

        Refused(Bytes(attacked), SamlTrustRule.Doctype);
    }

    [Fact]
    public void External_entity_XXE()
    {
        var xml = Encoding.UTF8.GetString(Bytes(Response()));
        var attacked = xml.Insert(xml.IndexOf("<samlp:Response", StringComparison.Ordinal), "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>")
            .Replace("jane@acme.example</saml:NameID>", "&x;</saml:NameID>", StringComparison.Ordinal);

        Refused(Bytes(attacked), SamlTrustRule.Doctype);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var document = Response();
        XmlNode parent = First(document, "Conditions");
        for (var i = 0; i < SamlSignatureVerifier.MaxDepth + 5; i++)
            parent = parent.AppendChild(document.CreateElement("x", "d", "urn:example:deep"))!;

        Refused(document, SamlTrustRule.TooLarge);
    }

    [Fact]
    public void Over_one_megabyte_is_refused()
    {
        var xml = Encoding.UTF8.GetString(Bytes(Response()));
        var padded = xml.Replace("</samlp:Response>", new string(' ', SamlResponseReader.MaxXmlCharacters) + "</samlp:Response>", StringComparison.Ordinal);

        Refused(Bytes(padded), SamlTrustRule.TooLarge);
    }

    [Fact]
    public void Inclusive_canonicalization_is_refused()
    {
        var document = Load(SamlResponseXml.Response());
        var assertion = TheAssertion(document);
        var signedXml = new SignedXml(assertion) { SigningKey = Idp.GetRSAPrivateKey() };
        signedXml.SignedInfo!.CanonicalizationMethod = SignedXml.XmlDsigC14NTransformUrl;
        signedXml.SignedInfo.SignatureMethod = SignatureAlgorithms.RsaSha256;
        var reference = new Reference("#A1") { DigestMethod = SignatureAlgorithms.Sha256 };
        reference.AddTransform(new XmlDsigEnvelopedSignatureTransform());
        reference.AddTransform(new XmlDsigC14NTransform());
        signedXml.AddReference(reference);
        signedXml.ComputeSignature();
        assertion.InsertAfter(document.ImportNode(signedXml.GetXml(), true), First(assertion, "Issuer"));

        Refused(document, SamlTrustRule.Transform);
    }
}
