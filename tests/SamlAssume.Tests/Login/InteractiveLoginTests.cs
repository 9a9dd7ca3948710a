using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary>The login a person drives at a terminal: Spectre's real prompts, fed with scripted keys.</summary>
public sealed class InteractiveLoginTests
{
    [Fact]
    public async Task Asks_for_missing_values_in_the_python_tools_order_then_the_role_and_region()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"222222222222\": Staging\n");
        var keys = new ScriptedInput()
            .Line("demo@example.com")      // username
            .Line("demo-password")         // password (hidden)
            .Line(ws.AppId)                // app id
            .Line("sandbox")               // subdomain
            // Sorted by account: 111 Admin, Developer, ReadOnly, then 222 Admin, Developer: four down.
            .Key(ConsoleKey.DownArrow).Key(ConsoleKey.DownArrow).Key(ConsoleKey.DownArrow).Key(ConsoleKey.DownArrow).Key(ConsoleKey.Enter)
            .Key(ConsoleKey.Enter);        // AWS region: accept the default

        var result = await CliRun.RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "-p", "picked"], keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, keys.Remaining);
        var stderr = result.Stderr;
        Assert.True(stderr.IndexOf("username", StringComparison.Ordinal) < stderr.IndexOf("password", StringComparison.Ordinal));
        Assert.True(stderr.IndexOf("password", StringComparison.Ordinal) < stderr.IndexOf("app ID", StringComparison.Ordinal));
        Assert.True(stderr.IndexOf("app ID", StringComparison.Ordinal) < stderr.IndexOf("subdomain:", StringComparison.Ordinal));
        Assert.DoesNotContain("demo-password", result.AllOutput);
        Assert.Contains("222222222222 (Staging) / Developer", stderr);
        var profile = new CredentialsFile(ws.CredentialsPath).ReadProfile("picked")!;
        Assert.Equal("us-west-2", profile["region"]);
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Developer/", result.Stderr);
    }

    [Fact]
    public async Task Typing_an_alias_searches_the_role_list()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"222222222222\": Staging\n");

        // "stag" jumps to the first staging role (Admin); one down is Developer.
        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "s", "--aws-region", "us-east-1"),
            new ScriptedInput().Text("stag").Key(ConsoleKey.DownArrow).Key(ConsoleKey.Enter));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Developer/", result.Stderr);
    }

    [Fact]
    public async Task Role_list_is_sorted_by_account_or_by_role_with_role_order()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        // Enter on the first entry: sorted by account, that is 111111111111 / Admin.
        var byAccount = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "a", "--aws-region", "us-east-1"),
            new ScriptedInput().Key(ConsoleKey.Enter));
        Assert.True(byAccount.ExitCode == 0, byAccount.ToString());
        Assert.Contains("assumed-role/Admin/", byAccount.Stderr);
        Assert.Contains("111111111111", byAccount.Stderr);

        // With --role_order the first entry is the alphabetically first role of the first account: Admin again,
        // so go down three entries: Admin(111), Admin(222), Admin(333), Developer(111).
        var byRole = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "b", "--aws-region", "us-east-1", "--role_order"),
            new ScriptedInput().Key(ConsoleKey.DownArrow).Key(ConsoleKey.DownArrow).Key(ConsoleKey.DownArrow).Key(ConsoleKey.Enter));
        Assert.True(byRole.ExitCode == 0, byRole.ToString());
        Assert.Contains("arn:aws:sts::111111111111:assumed-role/Developer/", byRole.Stderr);
    }

    [Fact]
    public async Task Asks_for_the_authenticator_code_and_retries_a_rejected_one_without_resending_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var good = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);
        var bad = good == "123456" ? "654321" : "123456";
        var keys = new ScriptedInput().Line(bad).Line(bad).Line(good);

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "-p", "m", "--aws-region", "us-east-1", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"), keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        // The repeated bad code was caught locally: two verify calls, not three.
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.Contains("already rejected", result.Stderr);
        Assert.DoesNotContain(good, result.AllOutput);
    }

    [Fact]
    public async Task Three_wrong_codes_stop_the_login_after_three_verify_calls()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var good = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);
        var wrong = new[] { "111111", "222222", "333333", "555555" }.Where(c => c != good).Take(3).ToArray();
        var keys = new ScriptedInput();
        foreach (var c in wrong) keys.Line(c);
        keys.Line("444444"); // must never be asked for

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "-p", "m", "--aws-region", "us-east-1"), keys);

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.Contains("rejected 3 MFA codes", result.Stderr);
        Assert.False(File.Exists(ws.CredentialsPath));
    }
}

public sealed class PlainTerminalTests
{
    [Fact]
    public async Task Without_ansi_the_role_list_is_numbered()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "n", "--aws-region", "us-east-1"),
            new ScriptedInput().Line("5"), ansi: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("    5. 222222222222 / Developer", result.Stderr);
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Developer/", result.Stderr);
    }
}
