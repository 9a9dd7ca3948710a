using System.Text.Json;
using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// The IAM-user source with its long-lived keys in the keyring instead of ~/.aws/credentials (aws-vault's model),
/// through the real command line against a real gnome-keyring-daemon and the sandbox's STS, which checks each
/// request's SigV4 signature with alice's long-lived key: a session STS grants proves the keyring's keys were used.
/// </summary>
public sealed class IamUserKeyringTests
{
    private const string Stdin = SandboxUsers.Alice.AccessKeyId + "\n" + SandboxUsers.Alice.SecretAccessKey + "\n";

    private static string NoKeyringLine(TestWorkspace ws) =>
        $"samlassume: error: profile 'bastion' has no long-lived keys in {ws.CredentialsPath}, and the keyring that would hold them cannot be asked: " +
        "no keyring: DBUS_SESSION_BUS_ADDRESS is not set (no desktop session, so no Secret Service to ask)\n";

    private static void AssertNoLongLivedKeyIn(string text)
    {
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, text);
        Assert.DoesNotContain(SandboxUsers.Alice.AccessKeyId, text);
    }

    [KeyringFact]
    public async Task Keys_stored_by_init_keyring_start_a_session_and_assume_roles_with_an_empty_credentials_file()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();

        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment, stdin: Stdin);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains($"Stored the long-lived keys of {SandboxUsers.Alice.AccessKeyId} for profile [bastion] in the keyring (samlassume-aws/bastion)", init.Stderr);
        Assert.Equal("", File.ReadAllText(ws.CredentialsPath));
        Assert.Contains(SandboxUsers.Alice.AccessKeyId, await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion"));

        var session = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code(), "--verbose"], environment: keyring.Environment);

        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.StartsWith("ASIA", JsonDocument.Parse(session.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Contains($"long-lived keys of [bastion] ({SandboxUsers.Alice.AccessKeyId}) from the keyring", session.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));

        // From the cached session: no code now. Both ways a role profile reaches the source work.
        var roles = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "dev-admin", "staging-dev"], environment: keyring.Environment);

        Assert.True(roles.ExitCode == 0, roles.ToString());
        Assert.Contains("Wrote 2 profile(s)", roles.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(2, ws.Count(SandboxEndpoints.AssumeRole));
        var file = File.ReadAllText(ws.CredentialsPath);
        Assert.Contains("[dev-admin]\naws_access_key_id = ASIA", file);
        Assert.Contains("[staging-dev]\naws_access_key_id = ASIA", file);
        AssertNoLongLivedKeyIn(file);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, init.AllOutput + session.AllOutput + roles.AllOutput);

        // Temporary credentials never go over the source profile: they would hide the keyring's keys from the next run.
        var shadow = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--write-profile", "bastion"], environment: keyring.Environment);
        Assert.Equal(ExitCodes.Usage, shadow.ExitCode);
        Assert.Contains("profile [bastion] is the source profile whose long-lived keys this command uses", shadow.Stderr);
        Assert.DoesNotContain("[bastion]", File.ReadAllText(ws.CredentialsPath));
    }

    [KeyringFact]
    public async Task Init_keyring_moves_plaintext_keys_out_of_the_credentials_file_and_keeps_everything_else()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        await using var keyring = await KeyringDaemon.StartAsync();
        File.AppendAllText(ws.CredentialsPath, "# someone else's profile\n[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = other\n");

        // set-aws-keys alone would change nothing: the file's keys win, and it says so.
        var shadowed = await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "--profile", "bastion"], environment: keyring.Environment, stdin: Stdin);
        Assert.True(shadowed.ExitCode == 0, shadowed.ToString());
        Assert.Contains($"warning: profile [bastion] of {ws.CredentialsPath} still holds keys, and those are used, not the keyring's", shadowed.Stderr);

        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring", "--mfa-serial", SandboxUsers.Alice.MfaSerial], environment: keyring.Environment, stdin: Stdin);

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains($"Removed the plaintext keys of profile [bastion] from {ws.CredentialsPath}.", init.Stderr);
        Assert.Equal($"# someone else's profile\n[other]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = other\n\n[bastion]\nmfa_serial = {SandboxUsers.Alice.MfaSerial}\n",
            File.ReadAllText(ws.CredentialsPath));

        var session = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code(), "--verbose"], environment: keyring.Environment);
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Contains("from the keyring", session.Stderr);
    }

    [KeyringFact]
    public async Task Credential_process_env_and_exec_for_role_profiles_read_the_keys_from_the_keyring()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["keyring", "set-aws-keys", "--profile", "bastion"], environment: keyring.Environment, stdin: Stdin)).ExitCode);
        var environment = new Dictionary<string, string?>(keyring.Environment) { ["AWS_MFA_CODE"] = IamUserSetup.Code() };
        var dump = Path.Combine(ws.Root, "env.txt");

        var process = await CliRun.RunAsync(ws, ["credential-process", "--profile", "staging-dev"], environment: environment);
        var env = await CliRun.RunAsync(ws, ["env", "--profile", "dev-admin"], environment: keyring.Environment);
        var exec = await CliRun.RunAsync(ws, ["exec", "-p", "prod-readonly", "--", "/bin/sh", "-c", $"env > '{dump}'"], environment: keyring.Environment);

        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.StartsWith("ASIA", JsonDocument.Parse(process.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("export AWS_ACCESS_KEY_ID='ASIA", env.Stdout);
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Contains("AWS_SESSION_TOKEN=", File.ReadAllText(dump));
        AssertNoLongLivedKeyIn(File.ReadAllText(dump));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(3, ws.Count(SandboxEndpoints.AssumeRole));
        Assert.Equal("", File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task Without_a_keyring_keys_kept_there_fail_with_one_line_and_exit_8_before_any_call()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        var code = new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() };

        var session = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion"], environment: code);
        var roles = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "--all"], environment: code);
        var process = await CliRun.RunAsync(ws, ["credential-process", "--profile", "staging-dev"], environment: code);
        // init --keyring asks the keyring before it reads the keys, and writes nothing anywhere when there is none.
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], stdin: Stdin);

        foreach (var result in new[] { session, roles, process })
        {
            Assert.Equal(ExitCodes.Keyring, result.ExitCode);
            Assert.Equal(NoKeyringLine(ws), result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        Assert.Equal(ExitCodes.Keyring, init.ExitCode);
        Assert.Equal("samlassume: error: no keyring: DBUS_SESSION_BUS_ADDRESS is not set (no desktop session, so no Secret Service to ask)\n", init.Stderr);
        Assert.Equal("", File.ReadAllText(ws.CredentialsPath));
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(0, ws.Count(SandboxEndpoints.AssumeRole));
    }

    [KeyringFact]
    public async Task A_locked_keyring_fails_with_one_line_and_exit_8_and_writes_no_plaintext()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment, stdin: Stdin)).ExitCode);
        await keyring.LockAsync();

        var session = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code()], environment: keyring.Environment);
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "second", "--keyring"], environment: keyring.Environment, stdin: Stdin);

        Assert.Equal(ExitCodes.Keyring, session.ExitCode);
        Assert.Equal($"samlassume: error: profile 'bastion' has no long-lived keys in {ws.CredentialsPath}, and the keyring that would hold them cannot be asked: " +
            "the keyring is locked (the item for samlassume-aws/bastion): unlock it (log in to the desktop session, or open your keyring app)\n", session.Stderr);
        Assert.Equal(ExitCodes.Keyring, init.ExitCode);
        Assert.Single(init.Stderr.Trim().Split('\n'));
        Assert.Contains("the keyring is locked", init.Stderr);
        Assert.Equal("", File.ReadAllText(ws.CredentialsPath));
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [KeyringFact]
    public async Task Keyring_forget_removes_the_keys_and_the_source_then_says_where_it_looked()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment, stdin: Stdin)).ExitCode);

        var forget = await CliRun.RunAsync(ws, ["keyring", "forget", "--kind", "aws-keys"], environment: keyring.Environment);

        Assert.True(forget.ExitCode == 0, forget.ToString());
        Assert.Contains("Removed the AWS access key under samlassume-aws/bastion.", forget.Stderr);
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion"));

        var session = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code()], environment: keyring.Environment);

        Assert.Equal(ExitCodes.Usage, session.ExitCode);
        Assert.Equal($"samlassume: error: profile 'bastion' is in neither {ws.CredentialsPath} nor {ws.ConfigPath()}, and the keyring has no keys for it " +
            "(store them with `samlassume init --source-profile bastion --keyring`)\n", session.Stderr);
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [KeyringFact]
    public async Task Init_keyring_refuses_a_profile_whose_files_give_it_other_credentials()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();

        var result = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion-sts", "--keyring"], environment: keyring.Environment, stdin: Stdin);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"samlassume: error: profile [bastion-sts] has credential_process in {ws.CredentialsPath} or {ws.ConfigPath()}, so keys in the keyring would never be used for it: choose another name\n", result.Stderr);
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion-sts"));
    }

    [KeyringFact]
    public async Task A_cached_session_is_served_without_opening_the_keyring()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment, stdin: Stdin)).ExitCode);
        var first = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code()], environment: keyring.Environment);
        Assert.True(first.ExitCode == 0, first.ToString());
        await keyring.LockAsync();

        // The keys are needed only to start a session: the AWS CLI's many session-token calls, and roles from the
        // session, go on while the keyring is locked.
        var again = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion"], environment: keyring.Environment);
        var roles = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "--all"], environment: keyring.Environment);
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["clear-cache", "--profile", "staging-dev"], environment: keyring.Environment)).ExitCode);
        var env = await CliRun.RunAsync(ws, ["env", "--profile", "staging-dev"], environment: keyring.Environment);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.True(roles.ExitCode == 0, roles.ToString());
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("export AWS_SESSION_TOKEN=", env.Stdout);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(4, ws.Count(SandboxEndpoints.AssumeRole));
    }
}
