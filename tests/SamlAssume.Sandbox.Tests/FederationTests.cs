using Microsoft.Extensions.Time.Testing;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SamlAssume.Sandbox.Tests;

/// <summary>The sign-in federation endpoint: a SigninToken only for credentials this STS issued, and login only with it.</summary>
public sealed class FederationTests
{
    private static async Task<(string Id, string Key, string Token)> CredentialsAsync(SandboxCalls calls)
    {
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        var (status, xml) = await calls.AssumeAsync(assertion, Arns.Role("222222222222", "Developer"), Arns.Provider("222222222222"));
        Assert.Equal(200, status);
        string Field(string name) => Regex.Match(xml, $"<{name}>([^<]+)</{name}>").Groups[1].Value;
        return (Field("AccessKeyId"), Field("SecretAccessKey"), Field("SessionToken"));
    }

    private static string SessionJson(string id, string key, string token) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["sessionId"] = id, ["sessionKey"] = key, ["sessionToken"] = token });

    private static HttpClient NoRedirects(SandboxServer sandbox) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = sandbox.BaseUrl };

    [Fact]
    public async Task Issued_credentials_get_a_SigninToken_that_login_accepts_and_redirects_to_the_destination()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (id, key, token) = await CredentialsAsync(calls);

        using var http = NoRedirects(sandbox);
        var answer = await http.GetAsync($"federation?Action=getSigninToken&SessionDuration=3600&Session={Uri.EscapeDataString(SessionJson(id, key, token))}");
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        var signinToken = json.RootElement.GetProperty("SigninToken").GetString()!;

        const string destination = "https://console.aws.amazon.com/console/home?region=eu-west-1";
        var login = await http.GetAsync($"federation?Action=login&Issuer=test&Destination={Uri.EscapeDataString(destination)}&SigninToken={Uri.EscapeDataString(signinToken)}");
        Assert.Equal(HttpStatusCode.Found, login.StatusCode);
        Assert.Equal(destination, login.Headers.Location!.AbsoluteUri);
        var entry = sandbox.Journal.Entries.Last(e => e.Endpoint == SandboxEndpoints.ConsoleLogin);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", entry.Fields["role_arn"]);
    }

    [Theory]
    [InlineData("wrong-secret")]
    [InlineData("wrong-token")]
    [InlineData("unknown-key")]
    [InlineData("not-json")]
    public async Task Credentials_it_did_not_issue_get_400(string what)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (id, key, token) = await CredentialsAsync(calls);
        var session = what switch
        {
            "wrong-secret" => SessionJson(id, key + "x", token),
            "wrong-token" => SessionJson(id, key, token + "x"),
            "unknown-key" => SessionJson("ASIAUNKNOWN", key, token),
            _ => "{not json",
        };

        using var http = NoRedirects(sandbox);
        var answer = await http.GetAsync($"federation?Action=getSigninToken&Session={Uri.EscapeDataString(session)}");

        Assert.Equal(HttpStatusCode.BadRequest, answer.StatusCode);
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.GetSigninToken));
    }

    [Fact]
    public async Task Expired_credentials_a_bad_SessionDuration_and_an_unknown_or_expired_SigninToken_are_refused()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        using var calls = new SandboxCalls(sandbox);
        var (id, key, token) = await CredentialsAsync(calls);
        using var http = NoRedirects(sandbox);
        var session = Uri.EscapeDataString(SessionJson(id, key, token));

        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"federation?Action=getSigninToken&SessionDuration=899&Session={session}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"federation?Action=getSigninToken&SessionDuration=43201&Session={session}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync("federation?Action=login&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken=made-up")).StatusCode);

        using var json = JsonDocument.Parse(await (await http.GetAsync($"federation?Action=getSigninToken&Session={session}")).Content.ReadAsStringAsync());
        var signinToken = Uri.EscapeDataString(json.RootElement.GetProperty("SigninToken").GetString()!);
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"federation?Action=login&Destination=https%3A%2F%2Fconsole.aws.amazon.com%2F&SigninToken={signinToken}")).StatusCode);

        clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(HttpStatusCode.BadRequest, (await http.GetAsync($"federation?Action=getSigninToken&Session={session}")).StatusCode);
    }
}
