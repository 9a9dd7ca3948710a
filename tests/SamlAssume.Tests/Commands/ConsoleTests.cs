using System.Net;
using SamlAssume.Aws;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary><c>samlassume console</c> through the real command line; the URL it makes is fetched back through the sandbox's federation endpoint.</summary>
public sealed class ConsoleTests
{
    private static Dictionary<string, string?> Environment(TestWorkspace ws, string? browser = null) => new()
    {
        ["ONELOGIN_PASSWORD"] = "demo-password",
        [SigninEndpoint.EnvironmentVariable] = ws.Sandbox.BaseUrl.ToString(),
        ["BROWSER"] = browser,
    };

    /// <summary>What the federation endpoint does with the URL, as a browser would fetch it: a redirect to the console.</summary>
    private static async Task<Uri> FollowAsync(string url)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var answer = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.Found, answer.StatusCode);
        return answer.Headers.Location!;
    }

    [Fact]
    public async Task Print_puts_only_the_sign_in_URL_on_stdout_and_the_federation_endpoint_signs_the_role_in()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--print"], environment: Environment(ws));

        Assert.True(result.ExitCode == 0, result.ToString());
        var url = Assert.Single(result.Stdout.TrimEnd('\n').Split('\n'));
        Assert.StartsWith(ws.Sandbox.BaseUrl + "federation?Action=login&Issuer=samlassume&Destination=", url);
        Assert.DoesNotContain("SigninToken", result.Stderr);
        Assert.Contains("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", result.Stderr);

        var landed = await FollowAsync(url);
        Assert.Equal("https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1", landed.AbsoluteUri);
        var login = Assert.Single(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.ConsoleLogin);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", login.Fields["role_arn"]);
        Assert.False(ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSigninToken).Fields.ContainsKey("session_duration"));
    }

    [Fact]
    public async Task Without_print_the_URL_goes_to_BROWSER_with_the_destination_and_duration_asked_for_and_stdout_stays_empty()
    {
        if (OperatingSystem.IsWindows()) return; // the stand-in browser is a shell script
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var opened = Path.Combine(ws.Root, "opened-url");
        var browser = Path.Combine(ws.Root, "browser.sh");
        File.WriteAllText(browser, $"#!/bin/sh\nprintf '%s' \"$2\" > '{opened}.tmp' && mv '{opened}.tmp' '{opened}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        const string destination = "https://eu-west-1.console.aws.amazon.com/s3/home?region=eu-west-1";

        var result = await CliRun.RunAsync(ws,
            ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--destination", destination, "--duration", "7200"],
            environment: Environment(ws, browser: $"{browser} --new-window %s"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains("Opened the AWS console as arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", result.Stderr);
        for (var i = 0; i < 200 && !File.Exists(opened); i++) await Task.Delay(25);
        // The browser is handed a 0600 page that redirects to the link (issue 23, item 9), not the link itself.
        var url = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(File.ReadAllText(new Uri(File.ReadAllText(opened)).LocalPath), "url=([^\"]+)\"").Groups[1].Value);
        Assert.DoesNotContain(url, result.Stderr);
        Assert.Equal(destination, (await FollowAsync(url)).AbsoluteUri);
        Assert.Equal("7200", ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSigninToken).Fields["session_duration"]);
    }

    [Fact]
    public async Task The_second_console_link_comes_from_the_cached_credentials_without_a_sign_in()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var first = await CliRun.RunAsync(ws, ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--print"], environment: Environment(ws));
        var second = await CliRun.RunAsync(ws, ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--print"], environment: Environment(ws));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(first.Stdout, second.Stdout); // a new SigninToken each time
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.GetSigninToken));
    }

    [Theory]
    [InlineData("--duration", "899", "--duration must be between 900 and 43200 seconds, not 899")]
    [InlineData("--duration", "43201", "--duration must be between 900 and 43200 seconds, not 43201")]
    [InlineData("--destination", "http://console.aws.amazon.com/", "--destination must be an https URL")]
    [InlineData("--destination", "s3", "--destination must be an https URL")]
    public async Task Bad_options_are_one_line_exit_2_before_any_sign_in(string option, string value, string message)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, option, value], environment: Environment(ws));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Theory]
    [InlineData("arn:aws:sts::1:assumed-role/R/s", "eu-west-1", "https://signin.aws.amazon.com/federation", "https://eu-west-1.console.aws.amazon.com/console/home?region=eu-west-1")]
    [InlineData("arn:aws-us-gov:sts::1:assumed-role/R/s", "us-gov-west-1", "https://signin.amazonaws-us-gov.com/federation", "https://us-gov-west-1.console.amazonaws-us-gov.com/console/home?region=us-gov-west-1")]
    [InlineData("arn:aws-cn:sts::1:assumed-role/R/s", null, "https://signin.amazonaws.cn/federation", "https://console.amazonaws.cn/")]
    [InlineData(null, "cn-north-1", "https://signin.amazonaws.cn/federation", "https://cn-north-1.console.amazonaws.cn/console/home?region=cn-north-1")]
    [InlineData(null, null, "https://signin.aws.amazon.com/federation", "https://console.aws.amazon.com/")]
    public void Each_partition_signs_in_at_its_own_host(string? arn, string? region, string federation, string destination)
    {
        var endpoint = SigninEndpoint.Resolve(ProcessEnvironment.Of(new Dictionary<string, string?>()), arn, region);

        Assert.Equal(federation, endpoint.FederationUrl.AbsoluteUri);
        Assert.Equal(destination, endpoint.DefaultDestination(region).AbsoluteUri);
    }

    [Fact]
    public void The_federation_host_follows_AWS_ENDPOINT_URL_SIGNIN_then_AWS_ENDPOINT_URL_unless_ignored()
    {
        SigninEndpoint Resolve(params (string, string)[] variables) =>
            SigninEndpoint.Resolve(ProcessEnvironment.Of(variables.ToDictionary(v => v.Item1, v => (string?)v.Item2)), null, "eu-west-1");

        Assert.Equal("http://127.0.0.1:9/base/federation", Resolve(("AWS_ENDPOINT_URL_SIGNIN", "http://127.0.0.1:9/base"), ("AWS_ENDPOINT_URL", "http://127.0.0.1:8")).FederationUrl.AbsoluteUri);
        Assert.Equal("http://127.0.0.1:8/federation", Resolve(("AWS_ENDPOINT_URL", "http://127.0.0.1:8/")).FederationUrl.AbsoluteUri);
        Assert.Equal("https://signin.aws.amazon.com/federation",
            Resolve(("AWS_ENDPOINT_URL", "http://127.0.0.1:8/"), ("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true")).FederationUrl.AbsoluteUri);
        var bad = Assert.Throws<InvalidInput>(() => Resolve(("AWS_ENDPOINT_URL_SIGNIN", "ftp://x")));
        Assert.Contains("is not an http(s) URL", bad.Message);
    }
}
