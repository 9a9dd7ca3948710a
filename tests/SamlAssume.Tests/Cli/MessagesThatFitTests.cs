using System.Text.RegularExpressions;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Issue 16 item 4 through the real command line: each message names only what the command accepts, says what a
/// value must be, names the file that is wrong, and reads the same in every line (times in UTC, labelled).
/// </summary>
public sealed class MessagesThatFitTests
{
    private static string OneLine(CliResult result)
    {
        var lines = result.Stderr.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length == 1, result.ToString());
        return lines[0];
    }

    [Fact]
    public async Task A_missing_password_without_a_terminal_names_what_each_command_accepts_and_never_the_json_file()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var login = await ws.RunAsync("login", "-c", ws.ConfigDirectory, "-p", ProfileSetup.Profile);
        var env = await ws.RunAsync("env", "-c", ws.ConfigDirectory, "-p", ProfileSetup.Profile);
        var process = await ws.RunAsync("credential-process", "-c", ws.ConfigDirectory, "-p", ProfileSetup.Profile);

        foreach (var result in new[] { login, env, process }) Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var loginLine = OneLine(login);
        Assert.Contains("missing the password (ONELOGIN_PASSWORD, --password-stdin, --onelogin-password, or the keyring: samlassume keyring set-password)", loginLine);
        foreach (var line in new[] { OneLine(env), OneLine(process) })
        {
            Assert.Contains("missing the password (ONELOGIN_PASSWORD, or the keyring: samlassume keyring set-password)", line);
            // Flags env and credential-process would refuse.
            Assert.DoesNotContain("--onelogin-password", line);
            Assert.DoesNotContain("--password-stdin", line);
        }
        // The password never belongs in onelogin.aws.json, so no message sends it there.
        foreach (var line in new[] { loginLine, OneLine(env), OneLine(process) }) Assert.DoesNotContain("onelogin.aws.json", line);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task Profile_commands_suggest_the_profile_entry_not_login_flags()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig().WithAwsConfig(new()
        {
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["profiles"] = new Dictionary<string, object?> { ["bare"] = new Dictionary<string, object?> { ["aws_region"] = "us-east-1" } },
        });
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();

        var env = await CliRun.RunAsync(ws, ["env", "-c", ws.ConfigDirectory, "-p", "bare"], environment: ProfileSetup.Password("demo-password"));
        var login = await CliRun.RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "-p", "bare"], environment: ProfileSetup.Password("demo-password"));

        var envLine = OneLine(env);
        Assert.Contains("the username (username in the profile's entry of onelogin.aws.json)", envLine);
        Assert.Contains("the app id (app_id in onelogin.aws.json)", envLine);
        Assert.DoesNotContain("-u/", envLine);
        Assert.DoesNotContain("-a/", envLine);
        var loginLine = OneLine(login);
        Assert.Contains("-u/--onelogin-username (or username in onelogin.aws.json)", loginLine);
        Assert.Contains("-a/--onelogin-app-id (or app_id in onelogin.aws.json)", loginLine);
    }

    [Fact]
    public async Task Profile_commands_ask_for_ONELOGIN_OTP_and_the_profile_entry_role_not_for_flags_they_refuse()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles(user: "otp@example.com");
        var code = await CliRun.RunAsync(ws, ["env", "-c", ws.ConfigDirectory, "-p", ProfileSetup.Profile], environment: ProfileSetup.Password("otp-password"));
        var codeLine = OneLine(code);
        Assert.Contains("needs a code and there is no terminal to ask for it: set ONELOGIN_OTP", codeLine);
        Assert.DoesNotContain("--otp", codeLine);

        // No account or role in the entry and several roles: the entry is where to choose, not --aws-account-id.
        ws.WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId, ["subdomain"] = ws.Sandbox.Tenant.Subdomain, ["username"] = "demo@example.com",
            ["profiles"] = new Dictionary<string, object?> { ["wide"] = new Dictionary<string, object?> { ["aws_region"] = "us-east-1" } },
        });
        var roles = await CliRun.RunAsync(ws, ["credential-process", "-c", ws.ConfigDirectory, "-p", "wide"], environment: ProfileSetup.Password("demo-password"));
        var rolesLine = OneLine(roles);
        Assert.Contains("roles match and there is no terminal to choose: set aws_account_id and aws_role_name in the profile's entry of onelogin.aws.json", rolesLine);
        Assert.DoesNotContain("--aws-account-id", rolesLine);
    }

    [Theory]
    [InlineData(new[] { "login", "-z", "abc" }, "-z/--duration \"abc\" must be a number of seconds")]
    [InlineData(new[] { "login", "-t", "soon" }, "-t/--time \"soon\" must be a number of minutes")]
    [InlineData(new[] { "env", "-p", "x", "--min-remaining", "1.5" }, "--min-remaining \"1.5\" must be a number of minutes")]
    [InlineData(new[] { "login", "--saml-api-version", "two" }, "--saml-api-version \"two\" must be a whole number")]
    public async Task A_number_option_given_text_says_what_number_it_wants(string[] args, string expected)
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, OneLine(result));
        Assert.DoesNotContain("System.", result.Stderr);
    }

    [Fact]
    public async Task A_bad_region_in_onelogin_sdk_json_names_the_file()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var sdk = Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json");
        TestWorkspace.WriteJson(sdk, new()
        {
            ["client_id"] = ws.Sandbox.Tenant.ClientId, ["client_secret"] = ws.Sandbox.Tenant.ClientSecret, ["region"] = "mars", ["api_url"] = ws.ApiUrl,
        });

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.EndsWith($"samlassume: error: {sdk}: region must be us or eu, not \"mars\"\n", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
        // The flag is still reported as the flag.
        var flag = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "-r", "asia"));
        Assert.Contains("-r/--region must be us or eu, not \"asia\"", flag.Stderr);
    }

    [Fact]
    public async Task The_loop_prints_every_time_in_UTC_and_says_so()
    {
        var start = new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);
        var clock = new AutoAdvancingClock(start);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password",
            "-p", "looped", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "-l", "2", "-t", "15"), clock: clock);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Next refresh (run 2 of 2) at 2026-11-22T02:15:00Z (in 15 min)", result.Stderr);
        Assert.Contains("expires 2026-11-22T03:00:00Z", result.Stderr);
        // Every clock time printed is an ISO instant ending in Z: no bare HH:mm:ss in some other zone.
        Assert.DoesNotMatch(new Regex(@"(?<![T\d])\d\d:\d\d:\d\d(?!Z)"), result.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_is_reported_as_interrupted_not_as_an_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        // Push that never answers: the login waits until interrupted.
        using var interrupt = new CancellationTokenSource();
        var run = CliRun.RunAsync(ws, ws.LoginArgs("push-never@example.com", "push-never-password", "-p", "x", "--mfa-timeout", "60"), cancellationToken: interrupt.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor) == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
        await interrupt.CancelAsync();

        var result = await run.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal("samlassume: interrupted", result.Stderr.TrimEnd('\n').Split('\n')[^1]);
        Assert.DoesNotContain("error", result.Stderr);
    }

    [Fact]
    public async Task After_writing_another_credentials_file_the_hint_names_AWS_SHARED_CREDENTIALS_FILE()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var other = Path.Combine(ws.Root, "team credentials");
        string[] role = ["--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"];

        var elsewhere = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "-f", other, .. role]));
        var usual = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", .. role]));
        var fromVariable = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", .. role]),
            environment: new Dictionary<string, string?> { ["AWS_SHARED_CREDENTIALS_FILE"] = other });

        Assert.True(elsewhere.ExitCode == 0, elsewhere.ToString());
        Assert.Contains($"Use it with: AWS_SHARED_CREDENTIALS_FILE='{other}' aws --profile x sts get-caller-identity", elsewhere.Stderr);
        // Where the AWS CLI already looks (the default file, or the variable already set): no variable to add.
        Assert.Contains("Use it with: aws --profile x sts get-caller-identity", usual.Stderr);
        Assert.Contains("Use it with: aws --profile x sts get-caller-identity", fromVariable.Stderr);
    }
}
