using System.Net;
using System.Net.Http.Headers;
using System.Text;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Tests.Fakes;
using static SamlAssume.IdP.Tests.Fakes.ScriptedOneLoginHandler;

namespace SamlAssume.IdP.Tests.OneLogin;

public sealed class OneLoginErrorTests
{
    public enum Call { Assertion, Verify }

    private static async Task<OneLoginException> FailingCall(Call call, Func<HttpResponseMessage> answer, int samlApiVersion = 2, TimeProvider? clock = null)
    {
        var handler = new ScriptedOneLoginHandler()
            .On($"/api/{samlApiVersion}/saml_assertion", _ => answer())
            .On("/verify_factor", _ => answer());
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(samlApiVersion), clock);
        var error = await Assert.ThrowsAsync<OneLoginException>(() => call == Call.Assertion
            ? client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest())
            : client.VerifyFactorAsync(TestSecrets.VerifyRequest()));
        TestSecrets.AssertNoSecret(error);
        Assert.DoesNotContain('\n', error.Message);
        return error;
    }

    public static TheoryData<Call, int, string, OneLoginErrorKind, string> DocumentedErrors => new()
    {
        // v2 envelope {"statusCode","name","message"}
        { Call.Assertion, 401, """{"statusCode":401,"name":"Unauthorized","message":"Insufficient Permission"}""", OneLoginErrorKind.InsufficientPermission, "'Authentication Only'" },
        { Call.Assertion, 401, """{"statusCode":401,"name":"Unauthorized","message":"Authentication Failed: Invalid user credentials"}""", OneLoginErrorKind.InvalidUserCredentials, "OneLogin rejected the username or password" },
        { Call.Assertion, 400, """{"statusCode":400,"name":"BadRequest","message":"Invalid subdomain"}""", OneLoginErrorKind.InvalidSubdomain, "--onelogin-subdomain" },
        { Call.Assertion, 400, """{"statusCode":400,"name":"BadRequest","message":"username is empty"}""", OneLoginErrorKind.UsernameEmpty, "username is empty" },
        { Call.Assertion, 400, """{"statusCode":400,"name":"BadRequest","message":"password is empty"}""", OneLoginErrorKind.PasswordEmpty, "password is empty" },
        { Call.Assertion, 404, """{"statusCode":404,"name":"NotFound","message":"App could not be found"}""", OneLoginErrorKind.AppNotFound, "--onelogin-app-id" },
        { Call.Assertion, 404, "", OneLoginErrorKind.AppNotFound, $"'{TestSecrets.AppId}'" },
        { Call.Verify, 401, """{"statusCode":401,"name":"Unauthorized","message":"Failed authentication with this factor"}""", OneLoginErrorKind.FactorFailed, "MFA code" },
        { Call.Verify, 400, """{"statusCode":400,"name":"BadRequest","message":"State token is invalid or expired"}""", OneLoginErrorKind.StateTokenExpired, "sign in again" },
        { Call.Verify, 400, """{"statusCode":400,"name":"BadRequest","message":"OTP token blank"}""", OneLoginErrorKind.BadRequest, "OTP token blank" },
        { Call.Assertion, 500, """{"statusCode":500,"name":"InternalServerError","message":"Something broke"}""", OneLoginErrorKind.ServerError, "HTTP 500" },
        // v1 envelope {"status":{…}}
        { Call.Assertion, 401, """{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failed: Invalid user credentials"}}""", OneLoginErrorKind.InvalidUserCredentials, "username or password" },
        { Call.Verify, 401, """{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Failed authentication with this factor"}}""", OneLoginErrorKind.FactorFailed, "MFA code" },
        { Call.Assertion, 400, """{"status":{"error":true,"code":400,"type":"bad request","message":"Invalid subdomain"}}""", OneLoginErrorKind.InvalidSubdomain, $"'{TestSecrets.Subdomain}'" },
        // v1 signalling the error inside a 200
        { Call.Verify, 200, """{"status":{"error":true,"code":401,"type":"Unauthorized","message":"State token is invalid or expired"}}""", OneLoginErrorKind.StateTokenExpired, "sign in again" },
        // bare {"message"} and OAuth-style {"error","error_description"}
        { Call.Assertion, 401, """{"message":"Insufficient Permission"}""", OneLoginErrorKind.InsufficientPermission, "Insufficient Permission" },
        { Call.Assertion, 400, """{"error":"invalid_request","error_description":"Something odd"}""", OneLoginErrorKind.BadRequest, "invalid_request: Something odd" },
        { Call.Assertion, 418, """{"error":"teapot","error_description":"short and stout"}""", OneLoginErrorKind.UnexpectedResponse, "HTTP 418" },
        { Call.Assertion, 401, """{"statusCode":401,"name":"Unauthorized","message":"Unauthorized"}""", OneLoginErrorKind.InsufficientPermission, "HTTP 401" },
    };

    [Theory]
    [MemberData(nameof(DocumentedErrors))]
    public async Task Each_error_gets_its_kind_and_an_actionable_one_line_message(Call call, int status, string body, OneLoginErrorKind kind, string expected)
    {
        var error = await FailingCall(call, () => Json(status, body));

        Assert.Equal(kind, error.Kind);
        Assert.Contains(expected, error.Message);
        Assert.Equal(status == 200 ? 401 : status, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_errors_quote_onelogins_message_on_one_line_capped()
    {
        var longMessage = "Something\nunusual\r\nhappened " + new string('x', 500);
        var error = await FailingCall(Call.Assertion, () => Json(409, $$"""{"statusCode":409,"message":{{System.Text.Json.JsonSerializer.Serialize(longMessage)}}}"""));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Contains("Something unusual happened xxx", error.Message);
        Assert.Contains("HTTP 409", error.Message);
        Assert.True(error.Message.Length < 300, error.Message);
    }

    [Fact]
    public async Task A_secret_echoed_back_by_the_server_is_redacted()
    {
        var error = await FailingCall(Call.Verify, () => Json(400,
            $$"""{"message":"Bad otp {{TestSecrets.Otp}} for state {{TestSecrets.StateToken}} with {{TestSecrets.AccessToken}}"}"""));

        Assert.Contains("<redacted>", error.Message);
    }

    [Fact]
    public async Task Rate_limit_reads_retry_after_seconds()
    {
        var error = await FailingCall(Call.Assertion, () =>
        {
            var response = Json(429, """{"statusCode":429,"message":"Too many requests"}""");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(30));
            return response;
        });

        Assert.Equal(OneLoginErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(30), error.RetryAfter);
        Assert.Contains("try again in 30 s", error.Message);
    }

    [Fact]
    public async Task Rate_limit_reads_retry_after_as_an_http_date()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
        var error = await FailingCall(Call.Assertion, () =>
        {
            var response = Text(429, "slow down", "text/plain");
            response.Headers.RetryAfter = new RetryConditionHeaderValue(now.AddSeconds(90));
            return response;
        }, clock: new FakeTimeProvider(now));

        Assert.Equal(OneLoginErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(90), error.RetryAfter);
    }

    [Fact]
    public async Task Rate_limit_falls_back_to_x_ratelimit_reset()
    {
        var error = await FailingCall(Call.Assertion, () =>
        {
            var response = Json(429, "{}");
            response.Headers.Add("X-RateLimit-Reset", "120");
            return response;
        });

        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
    }

    [Fact]
    public async Task An_html_page_is_reported_as_a_probable_proxy()
    {
        var error = await FailingCall(Call.Assertion, () => Text(502, "<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html"));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Equal(502, error.StatusCode);
        Assert.Equal("OneLogin (api.us.onelogin.com) answered with an HTML page, not JSON (HTTP 502): a proxy or captive portal may be in the way", error.Message);
    }

    [Fact]
    public async Task An_html_page_is_recognised_by_its_first_character_even_when_labelled_json()
    {
        var error = await FailingCall(Call.Assertion, () => Json(200, "  \n<!DOCTYPE html><html>Sign in to the hotel Wi-Fi</html>"));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Contains("HTML page", error.Message);
    }

    [Fact]
    public async Task A_plain_text_5xx_is_a_server_error()
    {
        var error = await FailingCall(Call.Assertion, () => Text(503, "Service Unavailable", "text/plain"));

        Assert.Equal(OneLoginErrorKind.ServerError, error.Kind);
    }

    [Fact]
    public async Task Plain_text_or_malformed_json_with_200_is_unexpected()
    {
        var text = await FailingCall(Call.Assertion, () => Text(200, "OK", "text/plain"));
        var malformed = await FailingCall(Call.Assertion, () => Json(200, """{"message":"Success","data":"""));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, text.Kind);
        Assert.Contains("not JSON", text.Message);
        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, malformed.Kind);
        Assert.Contains("malformed JSON", malformed.Message);
    }

    [Fact]
    public async Task An_oversized_body_is_refused()
    {
        var declared = await FailingCall(Call.Assertion, () => Json(200, """{"message":"Success","data":"x"}""").WithContentLength(OneLoginApiClient.MaxResponseBytes + 1L));
        var streamed = await FailingCall(Call.Assertion, () => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new StreamContent(new UnsizedStream(Encoding.ASCII.GetBytes("{\"data\":\"" + new string('A', OneLoginApiClient.MaxResponseBytes) + "\"}"))),
        });

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, declared.Kind);
        Assert.Contains("larger than 4 MB", declared.Message);
        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, streamed.Kind);
    }

    [Theory]
    [InlineData("""{"message":"MFA is required for this user","state_token":"st-SECRET-5520bb","devices":{"device_id":1}}""")]
    [InlineData("""{"status":{"type":"success","message":"MFA is required for this user","error":false,"code":200},"data":[{"state_token":7,"devices":"none"}]}""")]
    public async Task Fields_of_an_unexpected_type_are_an_unexpected_response(string json)
    {
        var error = await FailingCall(Call.Assertion, () => Json(200, json));

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Contains("unexpected type", error.Message);
    }

    [Fact]
    public async Task An_unplaced_401_drops_the_cached_token_so_the_next_call_fetches_a_new_one()
    {
        var handler = new ScriptedOneLoginHandler().OnSequence("/api/2/saml_assertion",
            () => Json(401, """{"statusCode":401,"name":"Unauthorized","message":"Unauthorized"}"""),
            () => Json(200, """{"message":"Success","data":"abcd"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        await Assert.ThrowsAsync<OneLoginException>(() => client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));
        await client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest());

        Assert.Equal(2, handler.CountTo(TokenPath));
    }

    [Fact]
    public async Task Invalid_user_credentials_keep_the_token()
    {
        var handler = new ScriptedOneLoginHandler().On("/api/2/saml_assertion",
            _ => Json(401, """{"statusCode":401,"name":"Unauthorized","message":"Authentication Failed: Invalid user credentials"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        await Assert.ThrowsAsync<OneLoginException>(() => client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));
        await Assert.ThrowsAsync<OneLoginException>(() => client.CreateSamlAssertionAsync(TestSecrets.AssertionRequest()));

        Assert.Equal(1, handler.CountTo(TokenPath));
    }
}

internal static class ResponseExtensions
{
    public static HttpResponseMessage WithContentLength(this HttpResponseMessage response, long length)
    {
        response.Content.Headers.ContentLength = length;
        return response;
    }
}

/// <summary>A stream that hides its length, so the client cannot refuse it from Content-Length and must count.</summary>
internal sealed class UnsizedStream(byte[] bytes) : MemoryStream(bytes)
{
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
}
