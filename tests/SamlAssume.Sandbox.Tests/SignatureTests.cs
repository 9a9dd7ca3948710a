using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace SamlAssume.Sandbox.Tests;

public sealed class SignatureTests
{
    private static XmlElement SignedAssertion(XmlDocument doc) =>
        (XmlElement)doc.GetElementsByTagName("Assertion", "urn:oasis:names:tc:SAML:2.0:assertion")[0]!;

    private static bool Verifies(XmlDocument doc, System.Security.Cryptography.X509Certificates.X509Certificate2 cert)
    {
        var assertion = SignedAssertion(doc);
        var signed = new SignedXml(assertion);
        signed.LoadXml((XmlElement)assertion.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!);
        return signed.CheckSignature(cert, verifySignatureOnly: true);
    }

    [Fact]
    public async Task Assertion_signature_verifies_with_the_certificate_and_breaks_when_a_byte_changes()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(await calls.AssertionAsync("demo@example.com", "demo-password")));

        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(xml);
        Assert.True(Verifies(doc, sandbox.SigningCertificate));
        var signedInfo = SignedAssertion(doc).GetElementsByTagName("SignedInfo", "http://www.w3.org/2000/09/xmldsig#")[0]!.OuterXml;
        Assert.Contains("http://www.w3.org/2001/04/xmldsig-more#rsa-sha256", signedInfo);
        Assert.Contains("http://www.w3.org/2001/10/xml-exc-c14n#", signedInfo);
        Assert.Contains("http://www.w3.org/2000/09/xmldsig#enveloped-signature", signedInfo);

        // One byte of a claim: a role ARN's account digit.
        var tampered = new XmlDocument { PreserveWhitespace = true };
        tampered.LoadXml(xml.Replace("role/Admin,arn:aws:iam::111111111111", "role/Admin,arn:aws:iam::111111111112"));
        Assert.NotEqual(xml, tampered.OuterXml);
        Assert.False(Verifies(tampered, sandbox.SigningCertificate));
    }

    [Fact]
    public async Task Sts_refuses_a_tampered_assertion()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(await calls.AssertionAsync("solo@example.com", "solo-password")));
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(xml.Replace("role/ReadOnly,", "role/Admin,")));
        var (status, body) = await calls.AssumeAsync(forged, Arns.Role("222222222222", "Admin"), Arns.Provider("222222222222"));
        Assert.Equal(400, status);
        Assert.Equal("InvalidIdentityToken", StsXmlReading.ErrorCode(body));
        Assert.Equal("Response signature invalid", StsXmlReading.ErrorMessage(body));
    }

    [Fact]
    public async Task Response_can_be_signed_too()
    {
        var json = TenantJson.Serialize(TenantJson.LoadDefault() with
        {
            Assertion = TenantJson.LoadDefault().Assertion with { SignResponse = true },
        });
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = json });
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(assertion)));
        var responseSignature = doc.DocumentElement!.ChildNodes.OfType<XmlElement>().Single(e => e.LocalName == "Signature");
        var signed = new SignedXml(doc.DocumentElement);
        signed.LoadXml(responseSignature);
        Assert.True(signed.CheckSignature(sandbox.SigningCertificate, true));
        Assert.True(Verifies(doc, sandbox.SigningCertificate));
        var (status, _) = await calls.AssumeAsync(assertion, Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Sts_refuses_an_assertion_signed_by_another_key()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        await using var other = await SandboxServer.StartAsync();
        using var otherCalls = new SandboxCalls(other);
        using var calls = new SandboxCalls(sandbox);
        var assertion = await otherCalls.AssertionAsync("demo@example.com", "demo-password");
        var (status, body) = await calls.AssumeAsync(assertion, Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"));
        Assert.Equal(400, status);
        Assert.Equal("Response signature invalid", StsXmlReading.ErrorMessage(body));
    }

    [Fact]
    public async Task Sts_refuses_a_second_unsigned_assertion_wrapped_around_the_signed_one()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(await calls.AssertionAsync("solo@example.com", "solo-password"))));
        var signed = SignedAssertion(doc);
        var forged = (XmlElement)signed.CloneNode(deep: true);
        forged.SetAttribute("ID", "_forged");
        forged.RemoveChild(forged.GetElementsByTagName("Signature", "http://www.w3.org/2000/09/xmldsig#")[0]!);
        forged.InnerXml = forged.InnerXml.Replace("role/ReadOnly,", "role/Admin,");
        doc.DocumentElement!.InsertBefore(forged, signed); // XSW3
        var (status, body) = await calls.AssumeAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes(doc.OuterXml)),
            Arns.Role("222222222222", "Admin"), Arns.Provider("222222222222"));
        Assert.Equal(400, status);
        Assert.Equal("InvalidIdentityToken", StsXmlReading.ErrorCode(body));
    }

    [Fact]
    public async Task Sts_refuses_a_DTD()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var evil = Convert.ToBase64String(Encoding.UTF8.GetBytes("<!DOCTYPE r [<!ENTITY x \"y\">]><r>&x;</r>"));
        var (status, body) = await calls.AssumeAsync(evil, Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"));
        Assert.Equal(400, status);
        Assert.Equal("InvalidIdentityToken", StsXmlReading.ErrorCode(body));
    }
}
