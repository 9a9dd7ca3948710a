using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using SamlAssume.Cli;
using SamlAssume.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Every command, with --verbose where it has it, succeeding and failing, against the sandbox: each secret that
/// crossed the wire (read off the wire by a spy handler: password, MFA code, client secret, OAuth token, state token,
/// SAML assertion, AWS secret key, session token) must appear nowhere in what was printed — except the AWS keys in
/// the exports a user asked for on stdout.
/// </summary>
public sealed partial class SecretsEverywhereTests
{
    /// <summary>Records every request and response body and the Authorization headers.</summary>
    private sealed class WireSpy
    {
        public ConcurrentQueue<string> Texts { get; } = new();

        public HttpMessageHandler Wrap(HttpTransport transport) => new Spy(HttpTransport.CreateHandler(transport), Texts);

        private sealed class Spy(HttpMessageHandler inner, ConcurrentQueue<string> texts) : DelegatingHandler(inner)
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                if (request.Headers.TryGetValues("Authorization", out var auth)) texts.Enqueue(string.Join("\n", auth));
                if (request.Content is not null)
                {
                    await request.Content.LoadIntoBufferAsync(cancellationToken);
                    texts.Enqueue(WebUtility.UrlDecode(await request.Content.ReadAsStringAsync(cancellationToken)));
                }
                var response = await base.SendAsync(request, cancellationToken);
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                texts.Enqueue(await response.Content.ReadAsStringAsync(cancellationToken));
                return response;
            }
        }

        /// <summary>Each secret value seen on the wire, with what it is.</summary>
        public IReadOnlyList<(string What, string Value)> Secrets()
        {
            var found = new List<(string, string)>();
            foreach (var text in Texts)
            {
                foreach (var (what, pattern) in SecretPatterns)
                {
                    foreach (Match m in pattern.Matches(text))
                    {
                        // JSON escapes ('+' is sent as \u002B) are undone, so the value is what a leak would print.
                        var value = text.TrimStart().StartsWith('{') ? System.Text.Json.JsonSerializer.Deserialize<string>($"\"{m.Groups[1].Value}\"")! : m.Groups[1].Value;
                        if (value.Length >= 6) found.Add((what, value));
                    }
                }
            }
            return found.Distinct().ToList();
        }
    }

    private static readonly (string What, Regex Pattern)[] SecretPatterns =
    [
        ("password", new Regex("\"password\"\\s*:\\s*\"([^\"]+)\"")),
        ("OTP", new Regex("\"otp_token\"\\s*:\\s*\"([^\"]+)\"")),
        ("state token", new Regex("\"state_token\"\\s*:\\s*\"([^\"]+)\"")),
        ("OAuth token", new Regex("\"access_token\"\\s*:\\s*\"([^\"]+)\"")),
        ("OAuth token (header)", new Regex("bearer[: ]([^\\s,]+)", RegexOptions.IgnoreCase)),
        ("client secret (header)", new Regex("client_secret:([^\\s,]+)")),
        ("SAML assertion", new Regex("\"data\"\\s*:\\s*\"([^\"]{200,})\"")),
        ("SAML assertion (STS form)", new Regex("SAMLAssertion=([^&]+)")),
        ("AWS secret key", new Regex("<SecretAccessKey>([^<]+)<")),
        ("AWS session token", new Regex("<SessionToken>([^<]+)<")),
    ];

    private static void AssertNoSecret(WireSpy spy, string printed, string command, params string[] alsoSecret)
    {
        var secrets = spy.Secrets().Concat(alsoSecret.Select(s => ("given", s))).ToList();
        Assert.NotEmpty(secrets);
        foreach (var (what, value) in secrets)
        {
            // The whole value, and its first 16 characters (a truncated secret is still a leak).
            Assert.False(printed.Contains(value, StringComparison.Ordinal), $"{command}: the {what} was printed");
            if (value.Length > 16) Assert.False(printed.Contains(value[..16], StringComparison.Ordinal), $"{command}: part of the {what} was printed");
        }
    }

    private static async Task<(CliResult Result, WireSpy Spy)> RunAsync(TestWorkspace ws, string[] args, string? stdin = null)
    {
        var spy = new WireSpy();
        var result = await CliRun.RunAsync(ws, args, stdin: stdin, httpHandlerFactory: spy.Wrap);
        return (result, spy);
    }

    private static string OtpCode() => Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

    [Fact]
    public async Task Login_with_mfa_into_a_profile()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var code = OtpCode();

        var (result, spy) = await RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "--otp", code, "-p", "s", "--verbose", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(spy.Secrets(), s => s.What == "AWS secret key");
        Assert.Contains(spy.Secrets(), s => s.What == "SAML assertion");
        AssertNoSecret(spy, result.AllOutput, "login -p", code, "otp-password", ws.Sandbox.Tenant.ClientSecret);
    }

    [Fact]
    public async Task Login_printing_exports_shows_aws_keys_only_on_stdout()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var (result, spy) = await RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "-u", "solo@example.com", "--password-stdin", "-a", ws.AppId, "-d", "sandbox", "--verbose"],
            stdin: "solo-password\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        var awsKeys = spy.Secrets().Where(s => s.What.StartsWith("AWS", StringComparison.Ordinal)).ToList();
        Assert.All(awsKeys, k => Assert.Contains(k.Value, result.Stdout)); // what the user asked for
        AssertNoSecret(spy, result.Stderr, "login (exports), stderr", "solo-password");
        var stdoutSecrets = new WireSpy();
        foreach (var t in spy.Texts.Where(t => !t.Contains("<SecretAccessKey>", StringComparison.Ordinal))) stdoutSecrets.Texts.Enqueue(t);
        AssertNoSecret(stdoutSecrets, result.Stdout, "login (exports), stdout", "solo-password");
    }

    [Fact]
    public async Task Roles()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var (result, spy) = await RunAsync(ws, ["roles", .. ws.LoginArgs("demo@example.com", "demo-password", "--verbose")[1..]]);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoSecret(spy, result.AllOutput, "roles", "demo-password", ws.Sandbox.Tenant.ClientSecret);
    }

    [Fact]
    public async Task Demo()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var (result, spy) = await RunAsync(ws, ["demo", "--verbose"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        AssertNoSecret(spy, result.AllOutput, "demo", "demo-password", "sandbox-client-secret");
    }

    [Theory]
    [InlineData("wrong password", "", 0)]
    [InlineData("token 500", SandboxEndpoints.Token, 500)]
    [InlineData("saml_assertion reset", SandboxEndpoints.SamlAssertion, -1)]
    [InlineData("sts 500", SandboxEndpoints.AssumeRoleWithSaml, 500)]
    [InlineData("sts 403", SandboxEndpoints.AssumeRoleWithSaml, 403)]
    public async Task Failures_with_verbose_stack_traces(string name, string endpoint, int status)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        if (status != 0) ws.Sandbox.Faults.Add(endpoint, status > 0 ? new SandboxFault(status) { Times = 10 } : new SandboxFault { ResetConnection = true, Times = 10 });
        var password = name == "wrong password" ? "Wr0ng-Pa55word" : "demo-password";

        var (result, spy) = await RunAsync(ws, ws.LoginArgs("demo@example.com", password, "-p", "x", "--verbose", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"));

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("   at ", result.Stderr); // the trace is there …
        AssertNoSecret(spy, result.AllOutput, name, password, ws.Sandbox.Tenant.ClientSecret); // … and carries no secret
    }

    [Fact]
    public async Task A_wrong_mfa_code_with_verbose()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var (result, spy) = await RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "--otp", "987654", "-p", "x", "--verbose"));

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        AssertNoSecret(spy, result.AllOutput, "wrong code", "987654", "otp-password");
    }

    [Fact]
    public async Task Sandbox_command_while_a_login_runs_against_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var port = FreePort();
        using var stop = new CancellationTokenSource();
        var sandboxRun = CliRun.RunAsync(ws, ["sandbox", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], cancellationToken: stop.Token);
        using (var probe = new HttpClient())
        {
            for (var i = 0; i < 200; i++)
            {
                try { await probe.GetAsync($"http://127.0.0.1:{port}/saml/metadata/424242"); break; }
                catch (HttpRequestException) { await Task.Delay(50); }
            }
        }
        TestWorkspace.WriteJson(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), new()
        {
            ["client_id"] = "sandbox-client-id", ["client_secret"] = "sandbox-client-secret", ["api_url"] = $"http://127.0.0.1:{port}",
        });
        var spy = new WireSpy();
        var login = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--verbose"),
            environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = $"http://127.0.0.1:{port}/" }, httpHandlerFactory: spy.Wrap);
        await stop.CancelAsync();
        var sandbox = await sandboxRun;

        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Equal(0, sandbox.ExitCode);
        // The sandbox prints its own made-up users and API credential on purpose; what it issues it never prints.
        var issued = new WireSpy();
        foreach (var t in spy.Texts.Where(t => !t.Contains("\"password\"", StringComparison.Ordinal) && !t.Contains("client_secret:", StringComparison.Ordinal)))
            issued.Texts.Enqueue(t);
        AssertNoSecret(issued, sandbox.AllOutput, "sandbox");
        AssertNoSecret(spy, login.AllOutput, "login against `samlassume sandbox`", "solo-password");
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
