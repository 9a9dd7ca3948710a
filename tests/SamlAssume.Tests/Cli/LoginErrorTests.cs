using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Each documented failure through the real command line: one clear line on stderr, the documented exit code,
/// no stack trace, and nothing written.
/// </summary>
public sealed class LoginErrorTests
{
    private static void AssertFailure(CliResult result, int exitCode, string expectedText, TestWorkspace ws)
    {
        Assert.True(result.ExitCode == exitCode, result.ToString());
        var errorLines = result.Stderr.Split('\n').Where(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errorLines);
        Assert.Contains(expectedText, errorLines[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.Equal("", result.Stdout);
        Assert.False(File.Exists(ws.CredentialsPath), "nothing may be written on failure");
    }

    [Fact]
    public async Task Wrong_password_is_refused_once()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "not-the-password", "-p", "x"));

        AssertFailure(result, ExitCodes.SignInRefused, "username or password", ws);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.DoesNotContain("not-the-password", result.AllOutput);
    }

    [Fact]
    public async Task Invalid_subdomain_names_the_option()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync("login", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "--onelogin-password", "demo-password", "-a", ws.AppId, "-d", "nosuchcompany", "-p", "x");

        AssertFailure(result, ExitCodes.SignInRefused, "subdomain", ws);
    }

    [Fact]
    public async Task Unknown_app_names_the_app_id()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync("login", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "--onelogin-password", "demo-password", "-a", "999999", "-d", "sandbox", "-p", "x");

        AssertFailure(result, ExitCodes.SignInRefused, "999999", ws);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Bad_client_secret_points_at_the_sdk_settings()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig(clientSecret: "wrong-secret");

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.SignInRefused, "client", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.DoesNotContain("wrong-secret", result.AllOutput);
    }

    [Fact]
    public async Task An_assertion_without_roles_is_explained()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("norole@example.com", "norole-password", "-p", "x"));

        AssertFailure(result, ExitCodes.SignInRefused, "no AWS role", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Missing_values_without_a_terminal_name_the_flags()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync("login", "-c", ws.ConfigDirectory, "-a", ws.AppId, "-p", "x");

        AssertFailure(result, ExitCodes.Usage, "-u/--onelogin-username", ws);
        Assert.Contains("-d/--onelogin-subdomain", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task An_open_role_choice_without_a_terminal_names_the_flags()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "--aws-account-id and --aws-role-name", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_role_not_in_the_assertion_is_a_usage_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "999999999999", "--aws-role-name", "Admin"));

        AssertFailure(result, ExitCodes.Usage, "no account 999999999999 role Admin", ws);
    }

    [Fact]
    public async Task Malformed_config_file_names_the_file()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json"), "{ \"app_id\": 12, ");

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "onelogin.aws.json: not valid JSON", ws);
    }

    [Fact]
    public async Task Malformed_accounts_yaml_names_the_file()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts: [unclosed\n");

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "accounts.yaml", ws);
    }

    [Fact]
    public async Task Missing_api_credentials_say_where_they_were_looked_for()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "onelogin.sdk.json", ws);
    }

    [Theory]
    [InlineData("899")]
    [InlineData("43201")]
    public async Task Duration_outside_sts_bounds_is_a_usage_error(string duration)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "-z", duration));

        AssertFailure(result, ExitCodes.Usage, "--duration", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task Sts_refusing_the_duration_explains_the_role_limit()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        // Admin's MaxSessionDuration is 3600 in the default tenant: the login retries with 3600 s (issue 5) and says how to raise it.
        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "111111111111", "--aws-role-name", "Admin", "-z", "7200"));

        Assert.True(result.ExitCode == ExitCodes.Ok, result.ToString());
        Assert.Contains("maximum session duration is lower", result.Stderr);
        Assert.Contains("aws iam update-role --role-name Admin --max-session-duration 7200", result.Stderr);
        Assert.True(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_wrong_code_fails_mfa_after_one_verify_call_without_a_terminal()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "--otp", "000000", "-p", "x"));

        AssertFailure(result, ExitCodes.MfaFailed, "rejected the MFA code", ws);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.DoesNotContain("000000", result.AllOutput);
    }

    [Fact]
    public async Task A_code_device_without_a_code_or_terminal_names_both_sources()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "--otp or set ONELOGIN_OTP", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
    }

    [Fact]
    public async Task An_html_page_from_a_proxy_is_a_network_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault(502) { HtmlBody = true, Times = 10 });

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Network, "HTML", ws);
    }

    [Fact]
    public async Task A_hung_api_times_out_with_the_configured_timeout()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault { Hang = true, Times = 10 });

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--http-timeout", "1"));

        AssertFailure(result, ExitCodes.Network, "did not answer", ws);
    }

    [Fact]
    public async Task Unreachable_api_is_a_network_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var closedPort = FreePort();
        TestWorkspace.WriteJson(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), new()
        {
            ["client_id"] = "x", ["client_secret"] = "y", ["api_url"] = $"http://127.0.0.1:{closedPort}",
        });

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Network, "127.0.0.1", ws);
    }

    [Fact]
    public async Task Plain_http_api_url_off_this_machine_is_refused()
    {
        await using var ws = await TestWorkspace.StartAsync();
        TestWorkspace.WriteJson(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), new()
        {
            ["client_id"] = "x", ["client_secret"] = "y", ["api_url"] = "http://onelogin.example.com",
        });

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"));

        AssertFailure(result, ExitCodes.Usage, "https", ws);
    }

    [Fact]
    public async Task Unknown_option_is_a_one_line_usage_error()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("login", "--no-such-option");

        AssertFailure(result, ExitCodes.Usage, "--no-such-option", ws);
    }

    [Fact]
    public async Task A_region_that_is_not_an_aws_region_is_a_usage_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--aws-region", "Frankfurt"));

        AssertFailure(result, ExitCodes.Usage, "not an AWS region name", ws);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
