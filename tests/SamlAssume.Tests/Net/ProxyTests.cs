using SamlAssume.Cli;
using SamlAssume.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Net;

/// <summary>
/// HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the command's environment (never the test process's), for OneLogin and
/// STS alike, through a counting proxy on 127.0.0.1.
/// </summary>
public sealed class ProxyTests
{
    private static string[] SoloLogin(TestWorkspace ws) => ws.LoginArgs("solo@example.com", "solo-password", "-p", "x");

    [Fact]
    public async Task Http_proxy_carries_every_onelogin_and_sts_request()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var proxy = new ForwardProxy();

        var result = await CliRun.RunAsync(ws, SoloLogin(ws), environment: new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.Url });

        Assert.True(result.ExitCode == 0, result.ToString());
        var seen = proxy.Requests;
        Assert.Contains(seen, r => r.StartsWith($"POST {ws.ApiUrl}/auth/oauth2/v2/token ", StringComparison.Ordinal));
        Assert.Contains(seen, r => r.StartsWith($"POST {ws.ApiUrl}/api/2/saml_assertion ", StringComparison.Ordinal));
        Assert.Contains(seen, r => r.StartsWith($"POST {ws.Sandbox.BaseUrl} ", StringComparison.Ordinal)); // STS
        Assert.Equal(ws.Sandbox.Journal.Entries.Count, seen.Count);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost,127.0.0.1")]
    [InlineData("*")]
    public async Task No_proxy_bypasses_the_proxy(string noProxy)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await using var proxy = new ForwardProxy();

        var result = await CliRun.RunAsync(ws, SoloLogin(ws),
            environment: new Dictionary<string, string?> { ["HTTP_PROXY"] = proxy.Url, ["NO_PROXY"] = noProxy });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Empty(proxy.Requests);
        Assert.Equal(3, ws.Sandbox.Journal.Entries.Count);
    }

    [Fact]
    public async Task Https_proxy_is_asked_to_connect_to_an_https_api_url()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var proxy = new ForwardProxy();
        TestWorkspace.WriteJson(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), new()
        {
            ["client_id"] = "x", ["client_secret"] = "proxy-test-secret", ["api_url"] = "https://onelogin.invalid",
        });

        var result = await CliRun.RunAsync(ws, SoloLogin(ws), environment: new Dictionary<string, string?> { ["HTTPS_PROXY"] = proxy.Url });

        // The proxy refuses the tunnel (502): a network failure, retried like one, with nothing written.
        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        Assert.Equal(1 + NetworkRetry.MaxRetries, proxy.Requests.Count);
        Assert.All(proxy.Requests, r => Assert.StartsWith("CONNECT onelogin.invalid:443 ", r, StringComparison.Ordinal));
        Assert.DoesNotContain("proxy-test-secret", result.AllOutput);
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task The_test_processs_own_proxy_variables_are_ignored()
    {
        // The command's environment has no proxy; even if this process had one, the handler must not read it.
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var transports = new List<HttpTransport>();

        var result = await CliRun.RunAsync(ws, SoloLogin(ws), httpHandlerFactory: t =>
        {
            lock (transports) transports.Add(t);
            return HttpTransport.CreateHandler(t);
        });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.All(transports, t => Assert.Null(t.Proxy));
        var handler = Assert.IsType<SocketsHttpHandler>(HttpTransport.CreateHandler(transports[0]));
        Assert.False(handler.UseProxy);
    }

    [Fact]
    public async Task A_malformed_proxy_variable_is_a_usage_error_that_does_not_echo_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, SoloLogin(ws), environment: new Dictionary<string, string?> { ["HTTPS_PROXY"] = "socks5://user:hunter2@proxy:1080" });

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("HTTPS_PROXY", result.Stderr);
        Assert.DoesNotContain("hunter2", result.AllOutput);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Theory]
    [InlineData("https://api.us.onelogin.com/", "", true)]
    [InlineData("https://api.us.onelogin.com/", "onelogin.com", false)]
    [InlineData("https://api.us.onelogin.com/", ".onelogin.com", false)]
    [InlineData("https://api.us.onelogin.com/", "*.onelogin.com", false)]
    [InlineData("https://api.us.onelogin.com/", "api.us.onelogin.com", false)]
    [InlineData("https://api.us.onelogin.com/", "notonelogin.com", true)]
    [InlineData("https://api.us.onelogin.com/", "onelogin.com:8443", true)]
    [InlineData("https://api.us.onelogin.com/", "onelogin.com:443", false)]
    [InlineData("https://sts.amazonaws.com/", "ONELOGIN.COM, amazonaws.com", false)]
    [InlineData("http://[::1]:8080/", "::1", false)]
    [InlineData("http://[::1]:8080/", "[::1]:8080", false)]
    [InlineData("http://10.1.2.3/", "10.1.2.3", false)]
    [InlineData("http://10.1.2.3/", "*", false)]
    public void No_proxy_matches_like_curl(string url, string noProxy, bool proxied)
    {
        var proxy = EnvironmentProxy.From(ProcessEnvironment.Of(new Dictionary<string, string?>
        {
            ["HTTPS_PROXY"] = "http://proxy.corp:3128", ["http_proxy"] = "proxy.corp:8080", ["NO_PROXY"] = noProxy,
        }))!;

        Assert.Equal(proxied, proxy.GetProxy(new Uri(url)) is not null);
    }

    [Fact]
    public void Each_scheme_uses_its_own_variable_and_credentials_stay_out_of_the_url()
    {
        var proxy = EnvironmentProxy.From(ProcessEnvironment.Of(new Dictionary<string, string?>
        {
            ["https_proxy"] = "http://jane:s%40cret@proxy.corp:3128", ["HTTP_PROXY"] = "http://other:8080",
        }))!;

        Assert.Equal(new Uri("http://proxy.corp:3128/"), proxy.GetProxy(new Uri("https://api.us.onelogin.com/")));
        Assert.Equal(new Uri("http://other:8080/"), proxy.GetProxy(new Uri("http://127.0.0.1:1/")));
        var credential = proxy.Credentials!.GetCredential(new Uri("http://proxy.corp:3128"), "Basic")!;
        Assert.Equal(("jane", "s@cret"), (credential.UserName, credential.Password));
        Assert.DoesNotContain("cret", new HttpTransport(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), proxy).Describe());
    }
}
