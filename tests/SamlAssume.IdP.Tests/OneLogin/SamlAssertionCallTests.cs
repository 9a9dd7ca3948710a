using System.Text.Json;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Tests.Fakes;
using static SamlAssume.IdP.Tests.Fakes.ScriptedOneLoginHandler;

namespace SamlAssume.IdP.Tests.OneLogin;

public sealed class SamlAssertionCallTests
{
    private const string V2Path = "/api/2/saml_assertion";
    private const string V1Path = "/api/1/saml_assertion";

    // Shapes from REFERENCE.md (OneLogin API docs, onelogin-python-sdk handle_saml_endpoint_response).
    private const string V2Mfa = """
        {"message":"MFA is required for this user","state_token":"st-SECRET-5520bb",
         "devices":[{"device_id":111,"device_type":"OneLogin Protect"},{"device_id":"222","device_type":"Google Authenticator","default":true}],
         "callback_url":"https://evil.example.com/api/2/saml_assertion/verify_factor",
         "user":{"id":42,"username":"jane","email":"jane@acme.example","firstname":"Jane","lastname":"Doe"}}
        """;

    private const string V1Mfa = """
        {"status":{"type":"success","message":"MFA is required for this user","error":false,"code":200},
         "data":[{"state_token":"st-SECRET-5520bb","callback_url":"https://evil.example.com/api/1/saml_assertion/verify_factor",
                  "devices":[{"device_id":111,"device_type":"OneLogin SMS"}],
                  "user":{"id":"42","username":"jane","email":"jane@acme.example","firstname":"Jane","lastname":"Doe"}}]}
        """;

    [Fact]
    public async Task V2_success_returns_the_assertion_and_sends_the_documented_request()
    {
        var handler = new ScriptedOneLoginHandler()
            .On(V2Path, _ => Json(200, $$"""{"message":"Success","data":"{{TestSecrets.SamlResponseBase64}}"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var outcome = await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest());

        Assert.Equal(TestSecrets.SamlResponseBase64, Assert.IsType<AssertionIssued>(outcome).SamlResponse);
        var request = handler.Requests.Single(r => r.Uri.AbsolutePath == V2Path);
        Assert.Equal("https://api.us.onelogin.com/api/2/saml_assertion", request.Uri.ToString());
        Assert.Equal($"bearer {TestSecrets.AccessToken}", request.Authorization);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(TestSecrets.Username, body.GetProperty("username_or_email").GetString());
        Assert.Equal(TestSecrets.Password, body.GetProperty("password").GetString());
        Assert.Equal(TestSecrets.AppId, body.GetProperty("app_id").GetString());
        Assert.Equal(TestSecrets.Subdomain, body.GetProperty("subdomain").GetString());
        Assert.False(body.TryGetProperty("ip_address", out _));
        Assert.DoesNotContain(TestSecrets.SamlResponseBase64, outcome.ToString());
    }

    [Fact]
    public async Task The_ip_address_is_sent_when_given()
    {
        var handler = new ScriptedOneLoginHandler().On(V2Path, _ => Json(200, """{"message":"Success","data":"abcd"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest(ip: "203.0.113.7"));

        var body = JsonDocument.Parse(handler.Requests.Single(r => r.Uri.AbsolutePath == V2Path).Body).RootElement;
        Assert.Equal("203.0.113.7", body.GetProperty("ip_address").GetString());
    }

    [Fact]
    public async Task V1_success_is_read_from_the_status_envelope()
    {
        var handler = new ScriptedOneLoginHandler().On(V1Path, _ => Json(200,
            $$"""{"status":{"type":"success","message":"Success","error":false,"code":200},"data":"{{TestSecrets.SamlResponseBase64}}"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(samlApiVersion: 1));

        var outcome = await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest());

        Assert.Equal(TestSecrets.SamlResponseBase64, Assert.IsType<AssertionIssued>(outcome).SamlResponse);
        Assert.Equal(1, handler.CountTo(V1Path));
    }

    [Fact]
    public async Task V2_mfa_challenge_lists_devices_whether_ids_are_numbers_or_strings()
    {
        var handler = new ScriptedOneLoginHandler().On(V2Path, _ => Json(200, V2Mfa));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var mfa = Assert.IsType<MfaRequired>(await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));

        Assert.Equal(TestSecrets.StateToken, mfa.StateToken);
        Assert.Equal([new MfaDevice(111, "OneLogin Protect"), new MfaDevice(222, "Google Authenticator", IsDefault: true)], mfa.Devices);
        Assert.Equal(new OneLoginUser(42, "jane", "jane@acme.example", "Jane", "Doe"), mfa.User);
        Assert.Equal("https://evil.example.com/api/2/saml_assertion/verify_factor", mfa.CallbackUrl);
        Assert.DoesNotContain(TestSecrets.StateToken, mfa.ToString());
    }

    [Fact]
    public async Task V1_mfa_challenge_is_read_from_data_0()
    {
        var handler = new ScriptedOneLoginHandler().On(V1Path, _ => Json(200, V1Mfa));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(samlApiVersion: 1));

        var mfa = Assert.IsType<MfaRequired>(await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));

        Assert.Equal(TestSecrets.StateToken, mfa.StateToken);
        Assert.Equal([new MfaDevice(111, "OneLogin SMS")], mfa.Devices);
        Assert.Equal(42, mfa.User?.Id);
    }

    [Fact]
    public async Task Verify_factor_goes_to_the_configured_api_url_never_to_callback_url()
    {
        var handler = new ScriptedOneLoginHandler()
            .On(V2Path, _ => Json(200, V2Mfa))
            .On("/verify_factor", _ => Json(200, """{"message":"Success","data":"abcd"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var mfa = Assert.IsType<MfaRequired>(await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));
        var outcome = await client.VerifyFactorAsync(new VerifyFactorRequest(TestSecrets.AppId, mfa.Devices[0].DeviceId, mfa.StateToken, TestSecrets.Otp));

        Assert.IsType<AssertionIssued>(outcome);
        Assert.All(handler.Requests, r => Assert.Equal("api.us.onelogin.com", r.Uri.Host));
        var verify = handler.Requests.Single(r => r.Uri.AbsolutePath.EndsWith("/verify_factor", StringComparison.Ordinal));
        Assert.Equal("https://api.us.onelogin.com/api/2/saml_assertion/verify_factor", verify.Uri.ToString());
        Assert.Equal($"bearer {TestSecrets.AccessToken}", verify.Authorization);
        var body = JsonDocument.Parse(verify.Body).RootElement;
        Assert.Equal(TestSecrets.AppId, body.GetProperty("app_id").GetString());
        Assert.Equal("111", body.GetProperty("device_id").GetString()); // as OneLogin's SDKs and saml2aws send it
        Assert.Equal(TestSecrets.StateToken, body.GetProperty("state_token").GetString());
        Assert.Equal(TestSecrets.Otp, body.GetProperty("otp_token").GetString());
        Assert.False(body.TryGetProperty("do_not_notify", out _));
        Assert.Equal(1, handler.CountTo(ScriptedOneLoginHandler.TokenPath));
    }

    [Fact]
    public async Task Verify_factor_v1_uses_api_1_and_sends_do_not_notify_without_otp()
    {
        var handler = new ScriptedOneLoginHandler().On("/api/1/saml_assertion/verify_factor", _ => Json(200,
            """{"status":{"type":"pending","message":"Authentication pending on OL Protect","error":false,"code":200}}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(samlApiVersion: 1));

        var outcome = await client.VerifyFactorAsync(TestSecrets.VerifyRequest(otp: null, doNotNotify: true));

        Assert.Equal("Authentication pending on OL Protect", Assert.IsType<FactorPending>(outcome).Message);
        var body = JsonDocument.Parse(handler.Requests.Single(r => r.Uri.AbsolutePath.EndsWith("/verify_factor", StringComparison.Ordinal)).Body).RootElement;
        Assert.False(body.TryGetProperty("otp_token", out _));
        Assert.True(body.GetProperty("do_not_notify").GetBoolean());
    }

    [Theory]
    [InlineData("""{"message":"Authentication pending on OL push"}""")]
    [InlineData("""{"message":"authentication PENDING"}""")]
    public async Task Verify_factor_v2_pending_is_a_message_mentioning_pending(string json)
    {
        var handler = new ScriptedOneLoginHandler().On("/verify_factor", _ => Json(200, json));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        Assert.IsType<FactorPending>(await client.VerifyFactorAsync(TestSecrets.VerifyRequest(otp: null, doNotNotify: false)));
    }

    [Fact]
    public async Task Verify_factor_v1_success_returns_the_assertion()
    {
        var handler = new ScriptedOneLoginHandler().On("/verify_factor", _ => Json(200,
            """{"status":{"type":"success","message":"Success","error":false,"code":200},"data":"abcd"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(samlApiVersion: 1));

        Assert.Equal("abcd", Assert.IsType<AssertionIssued>(await client.VerifyFactorAsync(TestSecrets.VerifyRequest())).SamlResponse);
    }

    [Fact]
    public async Task A_success_without_data_or_challenge_is_unexpected()
    {
        var handler = new ScriptedOneLoginHandler().On(V2Path, _ => Json(200, """{"message":"Success"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
    }

    [Fact]
    public void Records_never_print_secrets()
    {
        var texts = new object[]
        {
            TestSecrets.Settings(), TestSecrets.AssertionRequest(), TestSecrets.VerifyRequest(),
            new AccessToken(TestSecrets.AccessToken, DateTimeOffset.UnixEpoch), new AssertionIssued(TestSecrets.SamlResponseBase64),
            new MfaRequired(TestSecrets.StateToken, [], null, null),
        }.Select(record => record.ToString()!);

        foreach (var text in texts)
            foreach (var secret in TestSecrets.All)
                Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
    }
}
