using SamlAssume.IdP.OneLogin;

namespace SamlAssume.IdP.Tests.Fakes;

/// <summary>Distinctive secret values, so a test can prove none of them leaks into an exception.</summary>
public static class TestSecrets
{
    public const string ClientId = "client-id-0a1b";
    public const string ClientSecret = "cs-SECRET-4f9a2c";
    public const string AccessToken = "at-SECRET-7731ee";
    public const string Password = "pw-SECRET-8812dd";
    public const string StateToken = "st-SECRET-5520bb";
    public const string Otp = "918273";
    public const string AppId = "654321";
    public const string Subdomain = "acme";
    public const string Username = "jane@acme.example";
    public const string SamlResponseBase64 = "PHNhbWxwOlJlc3BvbnNlLz4=";

    public static readonly string[] All = [ClientSecret, AccessToken, Password, StateToken, Otp, SamlResponseBase64];

    public static readonly Uri ApiUrl = new("https://api.us.onelogin.com");

    public static string FlatTokenJson =>
        $$"""{"access_token":"{{AccessToken}}","created_at":"2026-01-01T00:00:00.000Z","expires_in":36000,"refresh_token":"rt-SECRET-1","token_type":"bearer","account_id":555}""";

    public static OneLoginSettings Settings(int samlApiVersion = 2, Uri? apiUrl = null) =>
        new(apiUrl ?? ApiUrl, ClientId, ClientSecret, samlApiVersion);

    public static SamlAssertionRequest AssertionRequest(string? ip = null) => new(Username, Password, AppId, Subdomain, ip);

    public static VerifyFactorRequest VerifyRequest(string? otp = Otp, bool? doNotNotify = null) => new(AppId, 111, StateToken, otp, doNotNotify);

    public static void AssertNoSecret(Exception exception)
    {
        foreach (var secret in All)
        {
            Assert.DoesNotContain(secret, exception.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, exception.ToString(), StringComparison.Ordinal);
        }
    }
}
