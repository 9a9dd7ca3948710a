using System.Text;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>Builds OneLogin-like SAMLResponse XML for the reader's tests (unsigned: the reader does not verify).</summary>
public static class SamlResponseXml
{
    public const string Account = "123456789012";
    public const string RoleArn = $"arn:aws:iam::{Account}:role/Admin";
    public const string ProviderArn = $"arn:aws:iam::{Account}:saml-provider/OneLogin";
    public const string RoleValue = $"{RoleArn},{ProviderArn}";

    public static string AttributeValues(params string[] values) =>
        string.Concat(values.Select(v => $"<saml:AttributeValue xsi:type=\"xs:string\">{v}</saml:AttributeValue>"));

    public static string Attribute(string name, string valuesXml) =>
        $"<saml:Attribute Name=\"{name}\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\">{valuesXml}</saml:Attribute>";

    public static string Roles(params string[] values) => Attribute("https://aws.amazon.com/SAML/Attributes/Role", AttributeValues(values));

    public static string Assertion(string? attributes = null, string nameIdXml = "jane@acme.example", string id = "A1",
        string issuer = "<saml:Issuer>https://app.onelogin.com/saml/metadata/654321</saml:Issuer>") =>
        $"""
        <saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" Version="2.0" ID="{id}" IssueInstant="2026-01-01T12:00:00Z">
          {issuer}
          <saml:Subject>
            <saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">{nameIdXml}</saml:NameID>
            <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
              <saml:SubjectConfirmationData NotOnOrAfter="2026-01-01T12:03:00Z" Recipient="https://signin.aws.amazon.com/saml"/>
            </saml:SubjectConfirmation>
          </saml:Subject>
          <saml:Conditions NotBefore="2026-01-01T11:57:00Z" NotOnOrAfter="2026-01-01T12:03:00Z">
            <saml:AudienceRestriction>
              <saml:Audience>https://signin.aws.amazon.com/saml</saml:Audience>
              <saml:Audience>urn:amazon:webservices</saml:Audience>
            </saml:AudienceRestriction>
          </saml:Conditions>
          <saml:AuthnStatement AuthnInstant="2026-01-01T12:00:00Z" SessionNotOnOrAfter="2026-01-02T12:00:00Z" SessionIndex="_s1">
            <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
          </saml:AuthnStatement>
          <saml:AttributeStatement>
            {attributes ?? Roles(RoleValue)}
          </saml:AttributeStatement>
        </saml:Assertion>
        """;

    public static string Response(string? body = null, string? extensions = null) =>
        $"""
        <?xml version="1.0" encoding="UTF-8"?>
        <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="R1" Version="2.0" IssueInstant="2026-01-01T12:00:00Z" Destination="https://signin.aws.amazon.com/saml">
          <saml:Issuer>https://app.onelogin.com/saml/metadata/654321</saml:Issuer>
          {extensions}
          <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
          {body ?? Assertion()}
        </samlp:Response>
        """;

    public static string Base64(string xml) => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
}
