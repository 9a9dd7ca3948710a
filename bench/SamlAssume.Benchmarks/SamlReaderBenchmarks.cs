using System.Text;
using BenchmarkDotNet.Attributes;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Benchmarks;

/// <summary>Reading the roles out of an assertion as its size grows (tenants with hundreds of accounts exist).</summary>
[MemoryDiagnoser]
public class SamlReaderBenchmarks
{
    private string response = "";

    [Params(10, 1000)]
    public int Roles { get; set; }

    [GlobalSetup]
    public void Setup() => response = UnsignedResponse(Roles);

    [Benchmark]
    public int Read() => SamlResponseReader.Read(response).Roles.Count;

    internal static string UnsignedResponse(int roles)
    {
        var values = new StringBuilder();
        for (var i = 0; i < roles; i++)
        {
            var account = (100000000000L + i).ToString(System.Globalization.CultureInfo.InvariantCulture);
            values.Append($"<saml:AttributeValue>arn:aws:iam::{account}:role/Role{i},arn:aws:iam::{account}:saml-provider/onelogin</saml:AttributeValue>");
        }
        var xml = $"""
            <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="r1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
            <saml:Issuer>https://app.onelogin.com/saml/metadata/1</saml:Issuer>
            <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
            <saml:Assertion ID="a1" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">
            <saml:Issuer>https://app.onelogin.com/saml/metadata/1</saml:Issuer>
            <saml:Subject><saml:NameID>user@example.com</saml:NameID></saml:Subject>
            <saml:AttributeStatement>
            <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/Role">{values}</saml:Attribute>
            <saml:Attribute Name="https://aws.amazon.com/SAML/Attributes/RoleSessionName"><saml:AttributeValue>user@example.com</saml:AttributeValue></saml:Attribute>
            </saml:AttributeStatement>
            </saml:Assertion>
            </samlp:Response>
            """;
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
    }
}
