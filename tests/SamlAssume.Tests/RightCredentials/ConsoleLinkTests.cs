using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 9: console keeps the sign-in link off other users' screens and off the network. The browser gets a
/// 0600 page that redirects, never the link on its argv; a plain-http AWS_ENDPOINT_URL_SIGNIN elsewhere than loopback
/// is refused before any sign-in; a browser command that fails is an error, not "Opened…"; a federation endpoint that
/// hangs, 503s or 429s is the network's exit code and one line.
/// </summary>
public sealed class ConsoleLinkTests
{
    private static Dictionary<string, string?> Environment(TestWorkspace ws, string? browser = null) => new()
    {
        ["ONELOGIN_PASSWORD"] = "demo-password",
        [SigninEndpoint.EnvironmentVariable] = ws.Sandbox.BaseUrl.ToString(),
        ["BROWSER"] = browser,
    };

    private static string[] Console(TestWorkspace ws, params string[] extra) => ["console", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, .. extra];

    [Fact, Trait(Native, Yes)]
    public async Task The_browser_gets_an_owner_only_page_and_never_the_link_on_its_command_line()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var seen = Path.Combine(ws.Root, "browser-saw");
        var browser = Path.Combine(ws.Root, "browser.sh");
        File.WriteAllText(browser, $"#!/bin/sh\n{{ printf '%s\\n' \"$*\"; stat -c %a \"${{1#file://}}\"; cat \"${{1#file://}}\"; }} > '{seen}.tmp' && mv '{seen}.tmp' '{seen}'\n");
        File.SetUnixFileMode(browser, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await ProfileSetup.RunChildAsync(ws, Environment(ws, browser), Console(ws));

        Assert.True(result.ExitCode == 0, result.ToString());
        for (var i = 0; i < 200 && !File.Exists(seen); i++) await Task.Delay(25);
        var lines = File.ReadAllText(seen).Split('\n', 3);
        Assert.StartsWith("file:///", lines[0]);
        Assert.DoesNotContain("SigninToken", lines[0]);
        Assert.Equal("600", lines[1]);
        Assert.Contains("SigninToken=", lines[2]);
        Assert.Equal("", result.Stdout);
    }

    [Fact, Trait(Native, Yes)]
    public async Task A_browser_command_that_fails_is_an_error_not_opened()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();

        var result = await ProfileSetup.RunChildAsync(ws, Environment(ws, "false"), Console(ws));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("the browser did not open the sign-in link (false exited with 1", result.Stderr);
        Assert.DoesNotContain("Opened", result.Stderr);
        Assert.Equal("", result.Stdout);
    }

    [Fact, Trait(Native, Yes)]
    public async Task Plain_http_to_a_federation_endpoint_elsewhere_is_refused_before_any_sign_in()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var environment = Environment(ws);
        environment[SigninEndpoint.EnvironmentVariable] = "http://signin.example.com/";

        var result = await ProfileSetup.RunChildAsync(ws, environment, Console(ws, "--print"));

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Contains("must use https", result.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [Theory]
    [InlineData(503, false)]
    [InlineData(429, false)]
    [InlineData(0, true)]
    public async Task A_federation_endpoint_that_is_down_busy_or_hangs_is_a_network_error_in_one_line(int status, bool hang)
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        ws.Sandbox.Faults.Add(SandboxEndpoints.GetSigninToken, hang ? new SandboxFault { Hang = true, Times = 10 } : new SandboxFault(status) { Times = 10 });

        var result = await CliRun.RunAsync(ws, Console(ws, "--print", "--http-timeout", "2"), environment: Environment(ws));

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.Contains("error", StringComparison.Ordinal));
        Assert.Contains("federation endpoint", error);
        Assert.DoesNotContain("Exception", error);
        Assert.DoesNotContain("may have expired", error);
        Assert.Equal("", result.Stdout);
    }
}
