using SamlAssume.IdP.Saml;
using static SamlAssume.IdP.Tests.Saml.SamlResponseXml;

namespace SamlAssume.IdP.Tests.Saml;

public sealed class SamlResponseReaderTests
{
    private const string RoleAttr = "https://aws.amazon.com/SAML/Attributes/Role";

    [Fact]
    public void Reads_every_claim_from_a_base64_response()
    {
        var attributes = Roles(RoleValue)
                         + Attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", AttributeValues("jane@acme.example"))
                         + Attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", AttributeValues("7200"));

        var assertion = SamlResponseReader.Read(Base64(Response(Assertion(attributes))));

        Assert.Equal("https://app.onelogin.com/saml/metadata/654321", assertion.Issuer);
        Assert.Equal("jane@acme.example", assertion.Subject);
        Assert.Equal([new AwsRole(RoleArn, ProviderArn)], assertion.Roles);
        Assert.Equal("jane@acme.example", assertion.RoleSessionName);
        Assert.Equal(7200, assertion.SessionDuration);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 11, 57, 0, TimeSpan.Zero), assertion.NotBefore);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 3, 0, TimeSpan.Zero), assertion.NotOnOrAfter);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 12, 0, 0, TimeSpan.Zero), assertion.SessionNotOnOrAfter);
        Assert.Equal(["https://signin.aws.amazon.com/saml", "urn:amazon:webservices"], assertion.Audiences);
        Assert.Equal("https://signin.aws.amazon.com/saml", assertion.Recipient);
        Assert.Same(assertion, assertion.RequireRoles());
    }

    [Fact]
    public void Role_values_are_read_in_either_order_and_trimmed()
    {
        var forward = SamlResponseReader.ReadXml(Response(Assertion(Roles($"{RoleArn},{ProviderArn}"))));
        var reversed = SamlResponseReader.ReadXml(Response(Assertion(Roles($"\n  {ProviderArn} , {RoleArn}  \n"))));

        Assert.Equal(forward.Roles, reversed.Roles);
        Assert.Equal("Admin", reversed.Roles[0].RoleName);
        Assert.Equal(Account, reversed.Roles[0].AccountId);
    }

    [Fact]
    public void Several_roles_across_values_and_attributes_are_all_read_once_each()
    {
        const string other = "arn:aws:iam::210987654321:role/path/ReadOnly,arn:aws:iam::210987654321:saml-provider/OneLogin";
        var attributes = Roles(RoleValue, other, RoleValue) + Roles($"{ProviderArn},{RoleArn}");

        var assertion = SamlResponseReader.ReadXml(Response(Assertion(attributes)));

        Assert.Equal(2, assertion.Roles.Count);
        Assert.Equal("arn:aws:iam::210987654321:role/path/ReadOnly", assertion.Roles[1].RoleArn);
        Assert.Equal("ReadOnly", assertion.Roles[1].RoleName);
        Assert.Empty(assertion.MalformedRoleValues);
    }

    [Fact]
    public void Malformed_role_values_are_set_aside_and_named_when_no_role_is_left()
    {
        var attributes = Roles("arn:aws:iam::1:role/A", $"{RoleArn},{RoleArn}", $"{ProviderArn},{ProviderArn}", "rubbish");

        var assertion = SamlResponseReader.ReadXml(Response(Assertion(attributes)));

        Assert.Empty(assertion.Roles);
        Assert.Equal(4, assertion.MalformedRoleValues.Count);
        var error = Assert.Throws<SamlFormatException>(() => assertion.RequireRoles());
        Assert.Contains("malformed", error.Message);
        Assert.Contains("arn:aws:iam::1:role/A", error.Message);
    }

    [Fact]
    public void A_role_less_assertion_can_be_read_but_not_required()
    {
        var assertion = SamlResponseReader.ReadXml(Response(Assertion(Attribute("https://aws.amazon.com/SAML/Attributes/RoleSessionName", AttributeValues("jane")))));

        Assert.Empty(assertion.Roles);
        var error = Assert.Throws<SamlFormatException>(() => assertion.RequireRoles());
        Assert.Equal("The SAML assertion grants no AWS role (no https://aws.amazon.com/SAML/Attributes/Role values): ask your OneLogin admin to map one", error.Message);
    }

    [Fact]
    public void The_responses_issuer_is_used_when_the_assertion_has_none()
    {
        var assertion = SamlResponseReader.ReadXml(Response(Assertion(issuer: "")));

        Assert.Equal("https://app.onelogin.com/saml/metadata/654321", assertion.Issuer);
    }

    [Fact]
    public void Cdata_and_split_text_nodes_are_joined()
    {
        var assertion = SamlResponseReader.ReadXml(Response(Assertion(Roles($"<![CDATA[{RoleArn}]]>,{ProviderArn}"), nameIdXml: "jane<![CDATA[@acme.example]]>")));

        Assert.Equal(RoleArn, assertion.Roles[0].RoleArn);
        Assert.Equal("jane@acme.example", assertion.Subject);
    }

    [Fact]
    public void Base64_wrapped_over_lines_is_accepted()
    {
        var wrapped = string.Join("\r\n", Base64(Response()).Chunk(76).Select(chunk => new string(chunk)));

        Assert.Single(SamlResponseReader.Read(wrapped).Roles);
    }

    [Theory]
    [InlineData("not base64 at all!")]
    [InlineData("PHNhbWw")]
    public void Bad_base64_is_refused(string input)
    {
        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.Read(input));

        Assert.Equal("The SAMLResponse is not valid base64", error.Message);
    }

    [Fact]
    public void Text_that_is_not_xml_is_refused_on_one_line()
    {
        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.Read(Base64("{\"this\": \"is json\"}")));

        Assert.StartsWith("The SAMLResponse is not well-formed XML: ", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_doctype_with_entity_expansion_is_refused()
    {
        const string laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol2;</samlp:Response>
            """;

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.Read(Base64(laughs)));

        Assert.Equal("The SAMLResponse contains a DOCTYPE, which is refused (XML entity attacks)", error.Message);
    }

    [Fact]
    public void An_external_entity_is_refused()
    {
        var xxe = Response().Replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>").Replace("jane@acme.example", "&xxe;");

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xxe));

        Assert.Contains("DOCTYPE", error.Message);
    }

    [Theory]
    [InlineData("<!---->")]
    [InlineData("<?pi x?>")]
    public void A_comment_or_processing_instruction_inside_a_role_value_is_refused(string injected)
    {
        var xml = Response(Assertion(Roles($"{RoleArn},arn:aws:iam::{Account}:saml-provider/One{injected}Login")));

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Contains("AttributeValue contains an XML comment or processing instruction", error.Message);
    }

    [Fact]
    public void A_comment_inside_the_name_id_is_refused()
    {
        var xml = Response(Assertion(nameIdXml: "admin@acme.example<!---->.evil.com"));

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Contains("NameID", error.Message);
    }

    [Fact]
    public void Markup_inside_a_value_is_refused()
    {
        var xml = Response(Assertion(Roles($"<b>{RoleArn}</b>,{ProviderArn}")));

        Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));
    }

    [Fact]
    public void Two_assertions_are_refused()
    {
        var xml = Response(Assertion(id: "A1") + Assertion(Roles("arn:aws:iam::666666666666:role/Evil,arn:aws:iam::666666666666:saml-provider/X"), id: "A2"));

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Equal("The SAMLResponse holds 2 saml:Assertion elements; exactly one is accepted", error.Message);
    }

    [Fact]
    public void An_assertion_hidden_in_extensions_counts_as_a_second_one()
    {
        var xml = Response(extensions: $"<samlp:Extensions>{Assertion(id: "Hidden")}</samlp:Extensions>");

        Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));
    }

    [Fact]
    public void An_assertion_that_is_not_a_direct_child_of_the_response_is_refused()
    {
        var xml = Response($"<samlp:Wrapper xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">{Assertion()}</samlp:Wrapper>");

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Equal("The SAMLResponse's saml:Assertion is not a direct child of samlp:Response, which is refused", error.Message);
    }

    [Fact]
    public void A_bare_assertion_without_a_response_is_refused()
    {
        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(Assertion()));

        Assert.Contains("not samlp:Response", error.Message);
    }

    [Fact]
    public void A_response_without_an_assertion_is_refused()
    {
        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(Response(body: " ")));

        Assert.Contains("no saml:Assertion", error.Message);
    }

    [Fact]
    public void An_encrypted_assertion_gets_its_own_message()
    {
        var xml = Response(body: "<saml:EncryptedAssertion><xenc:EncryptedData xmlns:xenc=\"http://www.w3.org/2001/04/xmlenc#\"/></saml:EncryptedAssertion>");

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Contains("encrypted", error.Message);
    }

    [Fact]
    public void Attributes_of_the_same_name_elsewhere_in_the_document_are_ignored()
    {
        // A Role attribute smuggled into the response's Extensions must not be read: values come from the assertion only.
        var smuggled = $"<samlp:Extensions><saml:AttributeStatement>{Roles("arn:aws:iam::666666666666:role/Evil,arn:aws:iam::666666666666:saml-provider/X")}</saml:AttributeStatement></samlp:Extensions>";

        var assertion = SamlResponseReader.ReadXml(Response(extensions: smuggled));

        Assert.Equal([new AwsRole(RoleArn, ProviderArn)], assertion.Roles);
    }

    [Fact]
    public void A_session_duration_that_is_not_a_number_is_refused()
    {
        var xml = Response(Assertion(Roles(RoleValue) + Attribute("https://aws.amazon.com/SAML/Attributes/SessionDuration", AttributeValues("1h"))));

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Contains("SessionDuration '1h'", error.Message);
    }

    [Fact]
    public void Read_xml_ignores_a_declared_encoding_since_the_text_is_already_decoded()
    {
        var xml = Response().Replace("encoding=\"UTF-8\"", "encoding=\"utf-16\"");

        Assert.Single(SamlResponseReader.ReadXml(xml).Roles);
    }

    [Fact]
    public void A_huge_document_is_refused()
    {
        var xml = Response(Assertion(Roles(RoleValue) + Attribute("x", AttributeValues(new string('a', SamlResponseReader.MaxXmlCharacters)))));

        var error = Assert.Throws<SamlFormatException>(() => SamlResponseReader.ReadXml(xml));

        Assert.Contains("longer than", error.Message);
    }

    [Fact]
    public void Role_attribute_name_must_match_exactly()
    {
        var assertion = SamlResponseReader.ReadXml(Response(Assertion(Attribute(RoleAttr.ToUpperInvariant(), AttributeValues(RoleValue)))));

        Assert.Empty(assertion.Roles);
    }
}
