using SamlAssume.IdP.OneLogin;
using SamlAssume.OneLoginDocs;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using static SamlAssume.OneLoginDocs.OneLoginDocumentedAnswers;

namespace SamlAssume.IdP.Tests.Contract;

/// <summary>
/// The OneLogin client against OneLogin's documented answers (<see cref="OneLoginDocumentedAnswers"/>), served by
/// WireMock over real HTTP. Each stub only matches a request made as the docs describe it (path, Authorization form,
/// JSON body), so a request we build wrongly fails here as it would at OneLogin. Our sandbox plays no part.
/// </summary>
public sealed class OneLoginContractTests : IDisposable
{
    private const string ClientId = "0a1b2c3d4e5f";
    private const string ClientSecret = "cs-documented-9f8e7d";
    private const string Username = "hazel.zhang@onelogin.com";
    private const string Password = "P@33w0rd";
    private const string AppId = "123456";
    private const string Subdomain = "jha-test";

    private readonly WireMockServer _server = WireMockServer.Start();

    public void Dispose() => _server.Stop();

    private OneLoginApiClient Client(int version = 2) =>
        new(new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, new OneLoginSettings(new Uri(_server.Url!), ClientId, ClientSecret, version));

    private static SamlAssertionRequest AssertionRequest() => new(Username, Password, AppId, Subdomain);

    private static IResponseBuilder Answer(DocumentedAnswer answer)
    {
        var response = Response.Create().WithStatusCode(answer.Status).WithHeader("Content-Type", answer.MediaType).WithBody(answer.Body);
        foreach (var (name, value) in answer.Headers)
            response = response.WithHeader(name, value);
        return response;
    }

    /// <summary>POST /auth/oauth2/v2/token as documented: OneLogin's client_id/client_secret header, grant_type in JSON.</summary>
    private void TokenAnswers(DocumentedAnswer answer) =>
        _server.Given(Request.Create().WithPath("/auth/oauth2/v2/token").UsingPost()
                .WithHeader("Authorization", new ExactMatcher($"client_id:{ClientId}, client_secret:{ClientSecret}"))
                .WithHeader("Content-Type", "application/json*")
                .WithBody(new JsonMatcher("""{"grant_type":"client_credentials"}""")))
            .RespondWith(Answer(answer));

    /// <summary>A resource call with the documented token as bearer ("bearer:&lt;token&gt;" in the docs, "bearer &lt;token&gt;" in the SDKs).</summary>
    private IRequestBuilder ResourceCall(string path) =>
        Request.Create().WithPath(path).UsingPost()
            .WithHeader("Authorization", new RegexMatcher($"^bearer[: ]{DocumentedToken}$", ignoreCase: true))
            .WithHeader("Content-Type", "application/json*");

    private void AssertionAnswers(DocumentedAnswer answer, int version = 2) =>
        _server.Given(ResourceCall($"/api/{version}/saml_assertion")
                .WithBody(new JsonMatcher($$"""{"username_or_email":"{{Username}}","password":"{{Password}}","app_id":"{{AppId}}","subdomain":"{{Subdomain}}"}""")))
            .RespondWith(Answer(answer));

    private void VerifyAnswers(DocumentedAnswer answer, string otp = "999999", int version = 2) =>
        _server.Given(ResourceCall($"/api/{version}/saml_assertion/verify_factor")
                .WithBody(new JsonPartialMatcher($$"""{"app_id":"{{AppId}}","device_id":"666666","state_token":"{{StateToken}}","otp_token":"{{otp}}"}""")))
            .RespondWith(Answer(answer));

    private int RequestsTo(string path) => _server.LogEntries.Count(e => e.RequestMessage.Path == path);

    private static async Task<OneLoginException> Refused(Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<OneLoginException>(call);
        Assert.DoesNotContain('\n', error.Message);
        Assert.DoesNotContain(Password, error.Message);
        Assert.DoesNotContain(ClientSecret, error.Message);
        Assert.DoesNotContain(DocumentedToken, error.Message);
        return error;
    }

    [Fact]
    public async Task The_documented_token_answer_is_read_and_its_token_is_sent_as_bearer()
    {
        TokenAnswers(Token);
        AssertionAnswers(AssertionV2);
        var client = Client();

        var token = await client.GetAccessTokenAsync();
        var outcome = await client.CreateSamlAssertionAsync(AssertionRequest());

        Assert.Equal(DocumentedToken, token.Value);
        // The assertion call matched only because it carried this token: the stub requires it.
        Assert.Equal(SamlResponseBase64, Assert.IsType<AssertionIssued>(outcome).SamlResponse);
        Assert.Equal(1, RequestsTo("/auth/oauth2/v2/token"));
    }

    [Fact]
    public async Task A_401_from_the_token_endpoint_names_the_client_credentials()
    {
        TokenAnswers(TokenBadClient);

        var error = await Refused(() => Client().GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.InvalidClientCredentials, error.Kind);
        Assert.Contains("Authentication Failure", error.Message);
        Assert.Equal(1, RequestsTo("/auth/oauth2/v2/token"));
    }

    [Fact]
    public async Task A_400_about_grant_type_is_reported_in_OneLogins_words()
    {
        TokenAnswers(TokenBadGrantType);

        var error = await Refused(() => Client().GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.InvalidClientCredentials, error.Kind);
        Assert.Contains("grant_type is incorrect/absent", error.Message);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task A_documented_assertion_is_returned_in_either_envelope(int version)
    {
        TokenAnswers(Token);
        AssertionAnswers(version == 2 ? AssertionV2 : AssertionV1, version);

        var outcome = await Client(version).CreateSamlAssertionAsync(AssertionRequest());

        Assert.Equal(SamlResponseBase64, Assert.IsType<AssertionIssued>(outcome).SamlResponse);
    }

    [Fact]
    public async Task The_v2_MFA_answer_lists_devices_user_and_state_token()
    {
        TokenAnswers(Token);
        AssertionAnswers(MfaRequiredV2);

        var mfa = Assert.IsType<MfaRequired>(await Client().CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(StateToken, mfa.StateToken);
        Assert.Equal([new MfaDevice(666666, "Google Authenticator"), new MfaDevice(111111, "OneLogin Protect")], mfa.Devices);
        Assert.Equal(new OneLoginUser(88888888, "hazel.zhang", "hazel.zhang@onelogin.com", "Hazel", "Zhang"), mfa.User);
        Assert.Equal(CallbackUrl, mfa.CallbackUrl);
    }

    [Fact]
    public async Task The_v1_MFA_answer_is_read_from_data_0()
    {
        TokenAnswers(Token);
        AssertionAnswers(MfaRequiredV1, version: 1);

        var mfa = Assert.IsType<MfaRequired>(await Client(1).CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(StateToken, mfa.StateToken);
        Assert.Equal([new MfaDevice(666666, "Google Authenticator")], mfa.Devices);
        Assert.Equal("hazel.zhang", mfa.User?.Username);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task A_wrong_password_is_refused_once_and_never_sent_again(int version)
    {
        TokenAnswers(Token);
        AssertionAnswers(version == 2 ? WrongPasswordV2 : WrongPasswordV1, version);

        var error = await Refused(() => Client(version).CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.InvalidUserCredentials, error.Kind);
        Assert.Equal(401, error.StatusCode);
        Assert.Equal(1, RequestsTo($"/api/{version}/saml_assertion"));
    }

    [Fact]
    public async Task An_unknown_app_names_the_app_id()
    {
        TokenAnswers(Token);
        AssertionAnswers(WrongAppV2);

        var error = await Refused(() => Client().CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.AppNotFound, error.Kind);
        Assert.Contains($"'{AppId}'", error.Message);
    }

    [Fact]
    public async Task Insufficient_permission_names_the_scope_and_drops_the_token()
    {
        TokenAnswers(Token);
        AssertionAnswers(InsufficientPermissionV2);
        var client = Client();

        var error = await Refused(() => client.CreateSamlAssertionAsync(AssertionRequest()));
        await Refused(() => client.CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.InsufficientPermission, error.Kind);
        Assert.Contains("Authentication Only", error.Message);
        // The refused token was not reused: each attempt fetched a new one.
        Assert.Equal(2, RequestsTo("/auth/oauth2/v2/token"));
    }

    [Fact]
    public async Task An_empty_password_is_reported_in_OneLogins_words()
    {
        TokenAnswers(Token);
        AssertionAnswers(PasswordEmptyV2);

        var error = await Refused(() => Client().CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.PasswordEmpty, error.Kind);
    }

    [Fact]
    public async Task A_verified_factor_returns_the_assertion_and_never_calls_the_callback_url()
    {
        TokenAnswers(Token);
        VerifyAnswers(FactorVerifiedV2);

        var outcome = await Client().VerifyFactorAsync(new VerifyFactorRequest(AppId, 666666, StateToken, "999999"));

        Assert.Equal(SamlResponseBase64, Assert.IsType<AssertionIssued>(outcome).SamlResponse);
        Assert.All(_server.LogEntries, e => Assert.StartsWith(_server.Url!, e.RequestMessage.Url));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(1)]
    public async Task A_pending_push_is_pending_in_either_envelope(int version)
    {
        TokenAnswers(Token);
        _server.Given(ResourceCall($"/api/{version}/saml_assertion/verify_factor")
                .WithBody(new JsonPartialMatcher($$"""{"app_id":"{{AppId}}","device_id":"111111","state_token":"{{StateToken}}","do_not_notify":true}""")))
            .RespondWith(Answer(version == 2 ? FactorPendingV2 : FactorPendingV1));

        var outcome = await Client(version).VerifyFactorAsync(new VerifyFactorRequest(AppId, 111111, StateToken, null, DoNotNotify: true));

        Assert.Equal("Authentication pending on OL Protect", Assert.IsType<FactorPending>(outcome).Message);
    }

    [Fact]
    public async Task A_denied_factor_is_refused_once()
    {
        TokenAnswers(Token);
        VerifyAnswers(FactorDeniedV2);

        var error = await Refused(() => Client().VerifyFactorAsync(new VerifyFactorRequest(AppId, 666666, StateToken, "999999")));

        Assert.Equal(OneLoginErrorKind.FactorFailed, error.Kind);
        Assert.DoesNotContain("999999", error.Message);
        Assert.Equal(1, RequestsTo("/api/2/saml_assertion/verify_factor"));
    }

    [Fact]
    public async Task An_expired_state_token_says_to_sign_in_again()
    {
        TokenAnswers(Token);
        VerifyAnswers(StateTokenExpiredV2);

        var error = await Refused(() => Client().VerifyFactorAsync(new VerifyFactorRequest(AppId, 666666, StateToken, "999999")));

        Assert.Equal(OneLoginErrorKind.StateTokenExpired, error.Kind);
        Assert.DoesNotContain(StateToken, error.Message);
    }

    [Fact]
    public async Task A_blank_OTP_asks_for_the_code()
    {
        TokenAnswers(Token);
        _server.Given(ResourceCall("/api/2/saml_assertion/verify_factor")
                .WithBody(new JsonPartialMatcher($$"""{"app_id":"{{AppId}}","device_id":"666666","state_token":"{{StateToken}}"}""")))
            .RespondWith(Answer(OtpBlankV2));

        var error = await Refused(() => Client().VerifyFactorAsync(new VerifyFactorRequest(AppId, 666666, StateToken)));

        Assert.Equal(OneLoginErrorKind.BadRequest, error.Kind);
        Assert.Contains("OTP token blank", error.Message);
    }

    [Fact]
    public async Task A_429_carries_Retry_After_and_the_password_is_not_resent()
    {
        TokenAnswers(Token);
        AssertionAnswers(RateLimited);

        var error = await Refused(() => Client().CreateSamlAssertionAsync(AssertionRequest()));

        Assert.Equal(OneLoginErrorKind.RateLimited, error.Kind);
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Contains("try again in 7 s", error.Message);
        Assert.Equal(1, RequestsTo("/api/2/saml_assertion"));
    }

    [Fact]
    public async Task A_proxys_HTML_page_is_named_as_such()
    {
        TokenAnswers(ProxyErrorPage);

        var error = await Refused(() => Client().GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.UnexpectedResponse, error.Kind);
        Assert.Contains("HTML page", error.Message);
        Assert.Contains("proxy", error.Message);
        Assert.DoesNotContain("<html>", error.Message);
    }
}
