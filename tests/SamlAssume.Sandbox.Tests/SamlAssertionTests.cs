using System.Text;
using System.Text.Json.Nodes;
using System.Xml;

namespace SamlAssume.Sandbox.Tests;

public sealed class SamlAssertionTests
{
    [Theory]
    [InlineData("", "demo-password", SandboxCalls.Subdomain, SandboxCalls.AppId, 400, "username is empty")]
    [InlineData("demo@example.com", "", SandboxCalls.Subdomain, SandboxCalls.AppId, 400, "password is empty")]
    [InlineData("demo@example.com", "demo-password", "elsewhere", SandboxCalls.AppId, 400, "Invalid subdomain")]
    [InlineData("demo@example.com", "demo-password", SandboxCalls.Subdomain, "999", 404, "App could not be found")]
    [InlineData("demo@example.com", "wrong", SandboxCalls.Subdomain, SandboxCalls.AppId, 401, "Authentication Failed: Invalid user credentials")]
    [InlineData("nobody@example.com", "x", SandboxCalls.Subdomain, SandboxCalls.AppId, 401, "Authentication Failed: Invalid user credentials")]
    public async Task Errors_have_OneLogin_statuses_and_messages_in_both_versions(string user, string password, string subdomain, string appId, int expectedStatus, string message)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);

        var (v2Status, v2) = await calls.SamlAssertionAsync(user, password, 2, appId: appId, subdomain: subdomain);
        Assert.Equal(expectedStatus, v2Status);
        Assert.Equal(expectedStatus, v2["statusCode"]!.GetValue<int>());
        Assert.Equal(message, v2["message"]!.GetValue<string>());
        Assert.NotNull(v2["name"]);

        var (v1Status, v1) = await calls.SamlAssertionAsync(user, password, 1, appId: appId, subdomain: subdomain);
        Assert.Equal(expectedStatus, v1Status);
        Assert.True(v1["status"]!["error"]!.GetValue<bool>());
        Assert.Equal(expectedStatus, v1["status"]!["code"]!.GetValue<int>());
        Assert.Equal(message, v1["status"]!["message"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("bearer:not-a-token")]
    [InlineData("Basic abc")]
    public async Task Missing_or_unknown_bearer_is_401(string? authorization)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (status, body) = await calls.PostAsync("api/2/saml_assertion", new JsonObject
        {
            ["username_or_email"] = "demo@example.com", ["password"] = "demo-password", ["app_id"] = "424242", ["subdomain"] = "sandbox",
        }, authorization);
        Assert.Equal(401, status);
        Assert.Equal(401, body["statusCode"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("bearer:{0}")]
    [InlineData("bearer: {0}")]
    [InlineData("bearer {0}")]
    [InlineData("Bearer {0}")]
    public async Task Every_bearer_spelling_in_the_wild_is_accepted(string format)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var token = await calls.TokenAsync();
        var (status, _) = await calls.PostAsync("api/2/saml_assertion", new JsonObject
        {
            ["username_or_email"] = "demo@example.com", ["password"] = "demo-password", ["app_id"] = 424242, ["subdomain"] = "sandbox",
        }, string.Format(format, token));
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task V2_success_is_message_and_data()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (status, body) = await calls.SamlAssertionAsync("demo@example.com", "demo-password");
        Assert.Equal(200, status);
        Assert.Equal("Success", body["message"]!.GetValue<string>());
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(body["data"]!.GetValue<string>()));
        Assert.Contains("samlp:Response", xml);
    }

    [Fact]
    public async Task V1_success_has_status_envelope_and_string_data()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (status, body) = await calls.SamlAssertionAsync("demo@example.com", "demo-password", version: 1);
        Assert.Equal(200, status);
        Assert.Equal("success", body["status"]!["type"]!.GetValue<string>());
        Assert.Equal("Success", body["status"]!["message"]!.GetValue<string>());
        Assert.False(body["status"]!["error"]!.GetValue<bool>());
        Assert.Equal(200, body["status"]!["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(body["data"]!.GetValue<string>()));
    }

    [Fact]
    public async Task V2_mfa_answer_lists_devices_state_token_and_callback()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (status, body) = await calls.SamlAssertionAsync("mfa@example.com", "mfa-password");
        Assert.Equal(200, status);
        Assert.Equal("MFA is required for this user", body["message"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(body["state_token"]!.GetValue<string>()));
        Assert.Equal(new Uri(sandbox.BaseUrl, "api/2/saml_assertion/verify_factor").ToString(), body["callback_url"]!.GetValue<string>());
        var devices = body["devices"]!.AsArray();
        Assert.Equal(8, devices.Count);
        Assert.Equal(6001, devices[0]!["device_id"]!.GetValue<long>());
        Assert.Equal("OneLogin Protect", devices[0]!["device_type"]!.GetValue<string>());
        Assert.Equal("mfa@example.com", body["user"]!["email"]!.GetValue<string>());
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task V1_mfa_answer_is_in_data_array()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (_, body) = await calls.SamlAssertionAsync("otp@example.com", "otp-password", version: 1);
        Assert.Equal("MFA is required for this user", body["status"]!["message"]!.GetValue<string>());
        var data = body["data"]![0]!;
        Assert.NotNull(data["state_token"]);
        Assert.EndsWith("api/1/saml_assertion/verify_factor", data["callback_url"]!.GetValue<string>());
        Assert.Equal(5001, data["devices"]![0]!["device_id"]!.GetValue<long>());
        Assert.Equal("Google Authenticator", data["devices"]![0]!["device_type"]!.GetValue<string>());
    }

    private static async Task<XmlDocument> AssertionDocumentAsync(SandboxServer sandbox, string user, string password)
    {
        using var calls = new SandboxCalls(sandbox);
        var doc = new XmlDocument { PreserveWhitespace = true };
        doc.LoadXml(Encoding.UTF8.GetString(Convert.FromBase64String(await calls.AssertionAsync(user, password))));
        return doc;
    }

    private static List<string> AttributeValues(XmlDocument doc, string name)
    {
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("saml", "urn:oasis:names:tc:SAML:2.0:assertion");
        return doc.SelectNodes($"//saml:Attribute[@Name='{name}']/saml:AttributeValue", ns)!.Cast<XmlNode>().Select(n => n.InnerText).ToList();
    }

    [Fact]
    public async Task Demo_user_gets_all_nine_roles_role_first()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var roles = AttributeValues(await AssertionDocumentAsync(sandbox, "demo@example.com", "demo-password"), "https://aws.amazon.com/SAML/Attributes/Role");
        Assert.Equal(9, roles.Count);
        Assert.Contains("arn:aws:iam::111111111111:role/Admin,arn:aws:iam::111111111111:saml-provider/onelogin", roles);
    }

    [Fact]
    public async Task Reversed_user_gets_provider_first_values()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var roles = AttributeValues(await AssertionDocumentAsync(sandbox, "reversed@example.com", "reversed-password"), "https://aws.amazon.com/SAML/Attributes/Role");
        Assert.Equal(2, roles.Count);
        Assert.All(roles, r => Assert.StartsWith("arn:aws:iam::", r));
        Assert.All(roles, r => Assert.Contains(":saml-provider/onelogin,arn:aws:iam::", r));
    }

    [Fact]
    public async Task Norole_user_has_no_role_attribute_and_solo_has_one()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        Assert.Empty(AttributeValues(await AssertionDocumentAsync(sandbox, "norole@example.com", "norole-password"), "https://aws.amazon.com/SAML/Attributes/Role"));
        var solo = await AssertionDocumentAsync(sandbox, "solo@example.com", "solo-password");
        Assert.Equal(["arn:aws:iam::222222222222:role/ReadOnly,arn:aws:iam::222222222222:saml-provider/onelogin"], AttributeValues(solo, "https://aws.amazon.com/SAML/Attributes/Role"));
        Assert.Equal(["solo@example.com"], AttributeValues(solo, "https://aws.amazon.com/SAML/Attributes/RoleSessionName"));
        Assert.Empty(AttributeValues(solo, "https://aws.amazon.com/SAML/Attributes/SessionDuration"));
    }

    [Fact]
    public async Task Metadata_publishes_the_signing_certificate()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var xml = await calls.Http.GetStringAsync("saml/metadata/424242");
        var doc = new XmlDocument();
        doc.LoadXml(xml);
        var ns = new XmlNamespaceManager(doc.NameTable);
        ns.AddNamespace("md", "urn:oasis:names:tc:SAML:2.0:metadata");
        ns.AddNamespace("ds", "http://www.w3.org/2000/09/xmldsig#");
        Assert.Equal("https://app.onelogin.com/saml/metadata/424242", doc.DocumentElement!.GetAttribute("entityID"));
        var cert = doc.SelectSingleNode("//md:IDPSSODescriptor/md:KeyDescriptor[@use='signing']//ds:X509Certificate", ns)!.InnerText;
        Assert.Equal(Convert.ToBase64String(sandbox.SigningCertificate.RawData), cert.Trim());
        Assert.Equal(404, (int)(await calls.Http.GetAsync("saml/metadata/1")).StatusCode);
    }
}
