using System.Text.Json;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests;

/// <summary>The small things a user notices (issue 26, item 7), each through the real command line.</summary>
public sealed class SmallThingsTests
{
    [Fact]
    public async Task A_region_typo_is_refused_with_the_region_it_is_closest_to_before_any_sign_in()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var typo = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--aws-region", "eu-wst-1"));
        var newer = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--aws-region", "eu-west-9"));

        Assert.Equal(ExitCodes.Usage, typo.ExitCode);
        Assert.Contains("--aws-region/aws_region \"eu-wst-1\" is not an AWS region; did you mean eu-west-1?", typo.Stderr);
        Assert.True(newer.ExitCode == 0, newer.ToString()); // a region newer than the SDK's list, in a known area, still works
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_region_asked_at_the_prompt_is_kept_in_the_profiles_entry_and_not_asked_again()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var config = Path.Combine(ws.ConfigDirectory, "onelogin.aws.json");
        var json = File.ReadAllText(config).Replace("\"aws_region\":\"eu-west-1\"", "\"aws_region\":\"\"", StringComparison.Ordinal);
        File.WriteAllText(config, json);
        string[] args = ["login", "-c", ws.ConfigDirectory, "-p", ProfileSetup.Profile];

        var first = await CliRun.RunAsync(ws, args, new ScriptedInput().Line("eu-central-1"), ProfileSetup.Password("demo-password"));
        var second = await CliRun.RunAsync(ws, args, new ScriptedInput(), ProfileSetup.Password("demo-password"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("AWS region:", first.Stderr);
        Assert.Contains($"Kept aws_region eu-central-1 in [{ProfileSetup.Profile}]'s entry of {config}", first.Stderr);
        var entry = JsonDocument.Parse(File.ReadAllText(config)).RootElement.GetProperty("profiles").GetProperty(ProfileSetup.Profile);
        Assert.Equal("eu-central-1", entry.GetProperty("aws_region").GetString());
        Assert.Equal("333333333333", entry.GetProperty("aws_account_id").GetString()); // the rest of the entry is kept
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("AWS region:", second.Stderr);
        Assert.Equal("eu-central-1", new CredentialsFile(ws.CredentialsPath).ReadProfile(ProfileSetup.Profile)!["region"]);
    }

    [Fact]
    public async Task Role_names_match_without_case_and_a_near_miss_is_suggested_with_every_role_listed()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var lower = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "333333333333", "--aws-role-name", "developer", "--aws-region", "us-east-1"));
        var typo = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "333333333333", "--aws-role-name", "Develper", "--aws-region", "us-east-1"));

        Assert.True(lower.ExitCode == 0, lower.ToString());
        Assert.Contains("assumed-role/Developer/", lower.Stderr);
        Assert.NotEqual(0, typo.ExitCode);
        Assert.Contains("(did you mean Developer?)", typo.Stderr);
        Assert.DoesNotContain("…", typo.Stderr); // the roles whole, not the first five
    }

    [Fact]
    public async Task All_roles_with_a_profile_says_what_the_profile_does_then()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "-p", "x", "--aws-region", "us-east-1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("-p x is ignored for that, and only selects [x]'s entry of onelogin.aws.json", result.Stderr);
    }

    [Fact]
    public async Task The_password_prompt_names_the_user()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "-a", ws.AppId, "-d", ws.Sandbox.Tenant.Subdomain,
            "--aws-account-id", "333333333333", "--aws-role-name", "Developer", "--aws-region", "us-east-1"], new ScriptedInput().Line("demo-password"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[demo@example.com] OneLogin password:", result.Stderr);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_interactive_menu_wraps_on_Up_and_q_quits(bool ansi)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        string[] args = [.. ws.LoginArgs("demo@example.com", "demo-password", "-x", "-p", "first", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1")];

        // Up from the first entry is the last, Quit; q quits wherever the highlight is.
        var up = new ScriptedInput().Key(ConsoleKey.UpArrow).Key(ConsoleKey.Enter);
        var q = ansi ? new ScriptedInput().Text("q") : new ScriptedInput().Line("q");
        var wrapped = ansi ? await CliRun.RunAsync(ws, args, up) : null;
        var quit = await CliRun.RunAsync(ws, args, q, ansi: ansi);

        if (wrapped is not null)
        {
            Assert.True(wrapped.ExitCode == 0, wrapped.ToString());
            Assert.Equal(0, up.Remaining);
            Assert.Contains("What next? Quit", wrapped.Stderr);
        }
        Assert.True(quit.ExitCode == 0, quit.ToString());
        Assert.Equal(0, q.Remaining);
        Assert.Equal(ansi ? 2 : 1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [KeyringFact]
    public async Task Keyring_forget_without_arguments_asks_first_and_without_a_terminal_removes_nothing()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["keyring", "set-password", "-u", "demo@example.com"], environment: keyring.Environment, stdin: "demo-password\n")).ExitCode);

        var script = await CliRun.RunAsync(ws, ["keyring", "forget"], environment: keyring.Environment);
        var no = await CliRun.RunAsync(ws, ["keyring", "forget"], new ScriptedInput().Line("n"), keyring.Environment);
        Assert.Equal("demo-password", await keyring.LookupWithSecretToolAsync(SamlAssume.Keyring.KeyringItems.PasswordService, "demo@example.com"));
        var yes = await CliRun.RunAsync(ws, ["keyring", "forget"], new ScriptedInput().Line("y"), keyring.Environment);

        Assert.Equal(ExitCodes.Usage, script.ExitCode);
        Assert.Equal("samlassume: error: keyring forget would remove all 1 item(s) SamlAssume stored: say --all, or --kind password|client-secret|aws-keys\n", script.Stderr);
        Assert.True(no.ExitCode == 0, no.ToString());
        Assert.Contains("Nothing removed.", no.Stderr);
        Assert.True(yes.ExitCode == 0, yes.ToString());
        Assert.Contains("Removed 1 item(s) from the keyring.", yes.Stderr);
        Assert.Null(await keyring.LookupWithSecretToolAsync(SamlAssume.Keyring.KeyringItems.PasswordService, "demo@example.com"));
    }

    [Fact]
    public async Task Signing_in_on_the_terminal_names_the_profile_the_AWS_CLI_was_asked_for()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var terminal = new ScriptedTerminal(new ScriptedInput());

        // `AWS_PROFILE=prod-admin aws …` whose source profile runs `credential-process --profile sandbox-dev`.
        var result = await CliRun.RunAsync(ws, ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password", ["AWS_PROFILE"] = "prod-admin" }, openTerminal: terminal.Open);

        Assert.True(result.ExitCode == 0, result + "\n--- terminal ---\n" + terminal.Screen);
        Assert.Contains($"samlassume: signing in for AWS profile [prod-admin] (through [{ProfileSetup.Profile}])", terminal.Screen);
    }

    [KeyringFact]
    public async Task Keyring_set_aws_keys_takes_the_source_profile_by_the_name_the_IAM_user_commands_use()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var keyring = await KeyringDaemon.StartAsync();

        var result = await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "--source-profile", "bastion"], environment: keyring.Environment,
            stdin: "AKIAIOSFODNN7EXAMPLE\nwJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("for profile [bastion] in the keyring", result.Stderr);
    }
}
