using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using SamlAssume.Cli;
using SamlAssume.Commands;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.Browser;

/// <summary>
/// Issue 25 against the sandbox's web sign-in in a real headless Chromium: the form filled over the DevTools pipe, the
/// IdP's session kept in the browser profile, a profile entry that chooses the browser for credential-process, the
/// demo, and every bounded failure (no post, a form headless, a closed browser, no browser).
/// </summary>
public sealed class BrowserSignInTests
{
    private static readonly string[] ReadOnlyRole = ["--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"];

    private static Dictionary<string, string?> BrowserEnvironment(TestWorkspace ws, string? password = null)
    {
        var environment = TestBrowser.EnvironmentFor(Path.Combine(ws.Root, "cache"));
        environment["ONELOGIN_PASSWORD"] = password;
        return environment;
    }

    private static string LaunchUrl(TestWorkspace ws) => $"{ws.Sandbox.BaseUrl}trust/saml2/launch/{ws.AppId}";

    private static string WriteCertificate(TestWorkspace ws)
    {
        var path = Path.Combine(ws.Root, "idp.crt");
        File.WriteAllText(path, ws.Sandbox.SigningCertificate.ExportCertificatePem());
        return path;
    }

    [BrowserFact]
    public async Task The_sign_in_form_is_filled_the_post_caught_and_the_next_sign_in_needs_no_password()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var saved = Path.Combine(ws.Root, "saml.b64");
        var first = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", LaunchUrl(ws), "--headless", "--idp-cert", WriteCertificate(ws), "-u", "demo@example.com", "-p", "web", "-c", ws.ConfigDirectory, "--save-assertion", saved, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws, password: "demo-password"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Wrote profile [web]", first.Stderr);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com",
            await DemoCommand.CallerIdentityAsync(ws.CredentialsPath, ws.Sandbox.BaseUrl, CancellationToken.None, "web"));
        Assert.Contains(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.WebSignIn && e.Fields.GetValueOrDefault("outcome") == "posted");

        // The same browser profile, no password: the IdP's session cookie signs in without a form.
        var second = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", LaunchUrl(ws), "--headless", "-p", "web2", "-c", ws.ConfigDirectory, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws));
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(1, ws.Sandbox.Journal.Entries.Count(e => e.Endpoint == SandboxEndpoints.WebSignIn && e.Fields.GetValueOrDefault("outcome") == "form"));

        // No secret in the output, the credentials file or the browser profile (except --save-assertion's file).
        var samlResponse = File.ReadAllText(saved).Trim();
        var sample = samlResponse[100..160];
        Assert.DoesNotContain(sample, first.AllOutput + second.AllOutput);
        Assert.DoesNotContain("demo-password", first.AllOutput + second.AllOutput);
        Assert.DoesNotContain(sample, File.ReadAllText(ws.CredentialsPath));
        foreach (var file in Directory.EnumerateFiles(Path.Combine(ws.Root, "cache"), "*", SearchOption.AllDirectories))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, sample) || Contains(bytes, "demo-password"), $"{file} holds the SAMLResponse or the password");
        }
    }

    [BrowserFact]
    public async Task A_profile_entry_with_browser_true_serves_credential_process()
    {
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { SignedInUser = "demo@example.com" });
        ws.WithAwsConfig(new()
        {
            ["profiles"] = new Dictionary<string, object?>
            {
                ["web"] = new Dictionary<string, object?> { ["browser"] = true, ["idp_url"] = LaunchUrl(ws), ["aws_account_id"] = "111111111111", ["aws_role_name"] = "ReadOnly", ["idp_certificate"] = WriteCertificate(ws) },
            },
        });

        var result = await CliRun.RunAsync(ws, ["credential-process", "-p", "web", "-c", ws.ConfigDirectory], environment: BrowserEnvironment(ws));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"Version\":1", result.Stdout);
        Assert.Contains("\"AccessKeyId\":\"ASIA", result.Stdout);
    }

    [BrowserFact]
    public async Task A_wrong_password_is_one_line_and_exit_9_and_a_form_headless_without_one_too()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var wrong = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", LaunchUrl(ws), "--headless", "-u", "demo@example.com", "-p", "web", "-c", ws.ConfigDirectory, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws, password: "not-the-password"));
        Assert.Equal(ExitCodes.BrowserSignIn, wrong.ExitCode);
        Assert.Contains("showed its sign-in form again", wrong.Stderr);
        Assert.DoesNotContain("not-the-password", wrong.AllOutput);

        var stopwatch = Stopwatch.StartNew();
        var noPassword = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", LaunchUrl(ws), "--headless", "-p", "web", "-c", ws.ConfigDirectory, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws));
        Assert.Equal(ExitCodes.BrowserSignIn, noPassword.ExitCode);
        Assert.Contains("asks for a sign-in, and the browser is headless", noPassword.Stderr);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed}");
        Assert.False(File.Exists(ws.CredentialsPath));
        Assert.DoesNotContain(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml);
    }

    [BrowserFact]
    public async Task An_idp_that_never_posts_ends_within_the_timeout_with_one_line()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var silent = SilentPage.Start();
        var stopwatch = Stopwatch.StartNew();

        var result = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", silent.Url, "--headless", "--browser-timeout", "5", "-p", "web", "-c", ws.ConfigDirectory, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws));

        Assert.Equal(ExitCodes.BrowserSignIn, result.ExitCode);
        Assert.Contains("did not post a SAMLResponse to AWS within 5 s", result.Stderr);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.StartsWith("samlassume: error:", StringComparison.Ordinal));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(25), $"took {stopwatch.Elapsed}");
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [BrowserFact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_browser_closed_before_the_post_ends_at_once_with_one_line()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var silent = SilentPage.Start();
        // The browser goes away two seconds in, as when the person closes its window.
        var closing = Path.Combine(ws.Root, "closing-browser");
        File.WriteAllText(closing, $"#!/bin/sh\n( sleep 2; kill $$ ) 3<&- 4>&- &\nexec '{TestBrowser.Path}' \"$@\"\n");
        File.SetUnixFileMode(closing, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var stopwatch = Stopwatch.StartNew();

        var result = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", silent.Url, "--headless", "--browser-path", closing, "-p", "web", "-c", ws.ConfigDirectory, .. ReadOnlyRole],
            environment: BrowserEnvironment(ws));

        Assert.Equal(ExitCodes.BrowserSignIn, result.ExitCode);
        Assert.Contains("the browser was closed before the IdP posted a SAMLResponse", result.Stderr);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(20), $"took {stopwatch.Elapsed}");
    }

    [BrowserFact]
    public async Task Demo_source_browser_headless_ends_with_an_assumed_role()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var result = await CliRun.RunAsync(ws, ["demo", "--source", "browser", "--headless"], environment: BrowserEnvironment(ws));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com", result.Stdout.Trim());
    }

    [Fact]
    public async Task No_browser_is_one_line_naming_what_was_searched()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var environment = new Dictionary<string, string?> { ["PATH"] = Path.Combine(ws.Root, "empty"), ["SAMLASSUME_BROWSER"] = null };
        var missing = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", LaunchUrl(ws), "--headless", "--browser-path", "/nonexistent/chrome", "-p", "web", "-c", ws.ConfigDirectory], environment: environment);
        Assert.Equal(ExitCodes.Usage, missing.ExitCode);
        Assert.Contains("--browser-path: /nonexistent/chrome is not an executable file", missing.Stderr);

        var none = BrowserDiscoveryProbe(environment);
        Assert.Contains("no Chromium-family browser found (searched PATH for google-chrome", none);
        Assert.Contains("then /nonexistent/usual/chrome)", none);
        Assert.Contains("--browser-path or SAMLASSUME_BROWSER", none);
    }

    [Fact]
    public async Task Browser_without_an_idp_url_or_onelogin_app_says_what_to_give()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var result = await CliRun.RunAsync(ws, ["login", "--browser", "-p", "web", "-c", ws.ConfigDirectory]);
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--browser needs the IdP's sign-in URL: --idp-url URL", result.Stderr);

        var plain = await CliRun.RunAsync(ws, ["login", "--idp-url", "http://idp.example.com/sso", "-p", "web", "-c", ws.ConfigDirectory]);
        Assert.Equal(ExitCodes.Usage, plain.ExitCode);
        Assert.Contains("must use https", plain.Stderr);
    }

    [Theory]
    [InlineData("https://signin.aws.amazon.com/saml", true)]
    [InlineData("https://us-east-1.signin.aws.amazon.com/saml", true)]
    [InlineData("https://signin.amazonaws-us-gov.com/saml", true)]
    [InlineData("https://signin.amazonaws.cn/saml", true)]
    [InlineData("https://evil.example/?x=.signin.aws.amazon.com/saml", false)]
    [InlineData("https://signin.aws.amazon.com.evil.example/saml", false)]
    [InlineData("https://signin.aws.amazon.com:8443/saml", false)]
    [InlineData("http://signin.aws.amazon.com/saml", false)]
    [InlineData("https://signin.aws.amazon.com/saml/other", false)]
    [InlineData("https://a.b.signin.aws.amazon.com/saml", false)]
    public void Only_aws_sign_in_endpoints_are_caught(string url, bool caught) =>
        Assert.Equal(caught, SamlAssume.Sources.Browser.AwsSignInPost.IsEndpoint(url));

    [Theory]
    [InlineData("urn:oasis:names:tc:SAML:2.0:status:Responder", "\"urn:oasis:names:tc:SAML:2.0:status:Responder\", not Success")]
    [InlineData(null, "missing, not Success")]
    public void An_idp_failure_posted_to_aws_is_refused_by_its_status(string? status, string said)
    {
        // What an IdP posts when it fails (SimpleSAMLphp does): a Response, no Assertion, an error StatusCode.
        var statusElement = status is null ? "" : $"<samlp:Status><samlp:StatusCode Value=\"{status}\"/></samlp:Status>";
        var xml = $"<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_1\" Version=\"2.0\">{statusElement}</samlp:Response>";
        var refused = Assert.Throws<SignInRefused>(() => SamlAssume.Sources.Saml.TrustedAssertion.RequireSuccessStatus(Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))));
        Assert.Contains(said, refused.Message);

        const string success = "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status></samlp:Response>";
        SamlAssume.Sources.Saml.TrustedAssertion.RequireSuccessStatus(Convert.ToBase64String(Encoding.UTF8.GetBytes(success)));
    }

    private static string BrowserDiscoveryProbe(Dictionary<string, string?> environment)
    {
        try
        {
            SamlAssume.Sources.Browser.BrowserDiscovery.Find(null, ProcessEnvironment.Of(environment), ["/nonexistent/usual/chrome"]);
            return "";
        }
        catch (InvalidInput e)
        {
            return e.Message;
        }
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    /// <summary>An IdP page that never posts anything: a plain page on a free loopback port.</summary>
    private sealed class SilentPage : IAsyncDisposable
    {
        private readonly TcpListener listener;
        private readonly CancellationTokenSource stop = new();
        private readonly Task serving;

        private SilentPage()
        {
            listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            serving = Task.Run(ServeAsync);
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/sso";

        public static SilentPage Start() => new();

        private async Task ServeAsync()
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    var client = await listener.AcceptTcpClientAsync(stop.Token);
                    _ = Task.Run(async () =>
                    {
                        using (client)
                        {
                            var stream = client.GetStream();
                            var buffer = new byte[8192];
                            try { await stream.ReadAtLeastAsync(buffer, 1, throwOnEndOfStream: false, stop.Token); } catch (Exception) { return; }
                            const string body = "<!doctype html><title>Waiting</title><p>Nothing to see here.</p>";
                            var answer = $"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
                            try { await stream.WriteAsync(Encoding.ASCII.GetBytes(answer), stop.Token); } catch (Exception) { }
                        }
                    });
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public async ValueTask DisposeAsync()
        {
            await stop.CancelAsync();
            listener.Stop();
            try { await serving; } catch (Exception) { }
            stop.Dispose();
        }
    }
}
