using System.Text.Json;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Tests.Fakes;
using static SamlAssume.IdP.Tests.Fakes.ScriptedOneLoginHandler;

namespace SamlAssume.IdP.Tests.OneLogin;

public sealed class AccessTokenTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Flat_v2_answer_gives_the_token_and_its_expiry_and_the_request_has_the_documented_shape()
    {
        var handler = new ScriptedOneLoginHandler();
        var clock = new FakeTimeProvider(Start);
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(), clock);

        var token = await client.GetAccessTokenAsync();

        Assert.Equal(TestSecrets.AccessToken, token.Value);
        Assert.Equal(Start.AddSeconds(36000), token.ExpiresAt);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.us.onelogin.com/auth/oauth2/v2/token", request.Uri.ToString());
        Assert.Equal($"client_id:{TestSecrets.ClientId}, client_secret:{TestSecrets.ClientSecret}", request.Authorization);
        Assert.Equal("client_credentials", JsonDocument.Parse(request.Body).RootElement.GetProperty("grant_type").GetString());
        Assert.DoesNotContain(TestSecrets.AccessToken, token.ToString());
    }

    [Theory]
    [InlineData("""{"status":{"error":false,"code":200,"type":"success","message":"Success"},"data":[{"access_token":"at-SECRET-7731ee","expires_in":36000,"token_type":"bearer"}]}""")]
    [InlineData("""{"data":{"access_token":"at-SECRET-7731ee","expires_in":"36000","token_type":"bearer"}}""")]
    public async Task Data_wrapped_answers_are_read_too(string json)
    {
        var handler = new ScriptedOneLoginHandler().On(TokenPath, _ => Json(200, json));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(), new FakeTimeProvider(Start));

        var token = await client.GetAccessTokenAsync();

        Assert.Equal(TestSecrets.AccessToken, token.Value);
        Assert.Equal(Start.AddSeconds(36000), token.ExpiresAt);
    }

    [Fact]
    public async Task Token_is_reused_until_60_seconds_before_expiry()
    {
        var handler = new ScriptedOneLoginHandler();
        var clock = new FakeTimeProvider(Start);
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(), clock);

        await client.GetAccessTokenAsync();
        clock.Advance(TimeSpan.FromSeconds(36000 - 61));
        await client.GetAccessTokenAsync();
        Assert.Equal(1, handler.CountTo(TokenPath));

        clock.Advance(TimeSpan.FromSeconds(2));
        await client.GetAccessTokenAsync();
        Assert.Equal(2, handler.CountTo(TokenPath));
    }

    [Fact]
    public async Task Parallel_callers_cause_a_single_token_request()
    {
        var handler = new ScriptedOneLoginHandler().OnAsync(TokenPath, async (_, ct) =>
        {
            await Task.Delay(50, ct);
            return Json(200, TestSecrets.FlatTokenJson);
        });
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var tokens = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => client.GetAccessTokenAsync())));

        Assert.All(tokens, token => Assert.Equal(TestSecrets.AccessToken, token.Value));
        Assert.Equal(1, handler.CountTo(TokenPath));
    }

    [Theory]
    [InlineData("""{"status":{"error":true,"code":401,"type":"Unauthorized","message":"Authentication Failure"}}""")]
    [InlineData("""{"statusCode":401,"name":"Unauthorized","message":"Authentication Failure"}""")]
    [InlineData("""{"error":"invalid_client","error_description":"Client authentication failed"}""")]
    [InlineData("")]
    public async Task A_401_on_the_token_means_bad_client_credentials(string body)
    {
        var handler = new ScriptedOneLoginHandler().On(TokenPath, _ => Json(401, body));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.InvalidClientCredentials, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.StartsWith("OneLogin rejected the API client credentials (client_id/client_secret): check onelogin.sdk.json", error.Message);
        TestSecrets.AssertNoSecret(error);
    }

    [Fact]
    public async Task A_failed_token_request_is_not_cached()
    {
        var handler = new ScriptedOneLoginHandler().OnSequence(TokenPath,
            () => Json(500, """{"statusCode":500,"name":"InternalServerError","message":"oops"}"""),
            () => Json(200, TestSecrets.FlatTokenJson));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());
        var token = await client.GetAccessTokenAsync();

        Assert.Equal(TestSecrets.AccessToken, token.Value);
    }

    [Fact]
    public async Task An_answer_without_access_token_is_unexpected()
    {
        var handler = new ScriptedOneLoginHandler().On(TokenPath, _ => Json(200, """{"token_type":"bearer"}"""));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Contains("no access_token", error.Message);
    }

    [Fact]
    public async Task An_api_url_with_a_path_keeps_it()
    {
        var handler = new ScriptedOneLoginHandler();
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings(apiUrl: new Uri("http://localhost:5000/onelogin/")));

        await client.GetAccessTokenAsync();

        Assert.Equal("http://localhost:5000/onelogin/auth/oauth2/v2/token", Assert.Single(handler.Requests).Uri.ToString());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Only_saml_api_versions_1_and_2_are_accepted(int version) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new OneLoginApiClient(new HttpClient(), TestSecrets.Settings(version)));
}
