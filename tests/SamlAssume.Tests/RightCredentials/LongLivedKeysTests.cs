using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 3: long-lived keys are never overwritten or dropped. An AKIA key counts as long-lived even with an
/// aws_session_token line (empty or not); every writer of the credentials file refuses such a profile with exit 7 and
/// leaves the file byte-identical; init --keyring removes the file's keys only when they are the ones it stored.
/// </summary>
public sealed class LongLivedKeysTests
{
    /// <summary>alice's keys with a stray session-token line, and a second IAM key with an empty one.</summary>
    private static string KeysWithTokenLines => $"""
        [bastion]
        aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
        aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}
        aws_session_token = left-over-from-an-old-script

        [default]
        aws_access_key_id = AKIAEXAMPLEDEFAULT01
        aws_secret_access_key = default/long+lived/secret/key/000000000001
        aws_session_token =

        [temporary]
        aws_access_key_id = ASIAEXAMPLETEMPORARY
        aws_secret_access_key = temporary/secret/key/0000000000000000000001
        aws_session_token = IQoJb3JpZ2luX2VjEXAMPLE

        """;

    [Fact, Trait(Native, Yes)]
    public async Task An_AKIA_key_with_a_session_token_line_survives_clear_cache_set_default_and_session_token()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        File.WriteAllText(ws.CredentialsPath, KeysWithTokenLines);

        var setDefault = await ProfileSetup.RunChildAsync(ws, NoExtra, "set-default", "temporary");
        Assert.True(setDefault.ExitCode == ExitCodes.CredentialsFile, setDefault.ToString());
        Assert.Contains($"profile [default] of {ws.CredentialsPath} holds long-lived keys", setDefault.Stderr);
        Assert.Equal(KeysWithTokenLines, File.ReadAllText(ws.CredentialsPath));

        var copyKeys = await ProfileSetup.RunChildAsync(ws, NoExtra, "set-default", "bastion");
        Assert.True(copyKeys.ExitCode == ExitCodes.Usage, copyKeys.ToString());

        var sessionToken = await ProfileSetup.RunChildAsync(ws, NoExtra, "session-token", "--source-profile", "bastion", "--write-profile", "default", "--otp", IamUserSetup.Code());
        Assert.True(sessionToken.ExitCode == ExitCodes.CredentialsFile, sessionToken.ToString());
        Assert.Equal(KeysWithTokenLines, File.ReadAllText(ws.CredentialsPath));

        var clear = await ProfileSetup.RunChildAsync(ws, NoExtra, "clear-cache", "--credentials-file");
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Contains("Skipping the 'bastion' profile because it may contain long-lived credentials", clear.Stderr);
        Assert.Contains("Skipping the 'default' profile because it may contain long-lived credentials", clear.Stderr);
        var after = File.ReadAllText(ws.CredentialsPath);
        Assert.Contains(SandboxUsers.Alice.SecretAccessKey, after);
        Assert.Contains("AKIAEXAMPLEDEFAULT01", after);
        Assert.DoesNotContain("ASIAEXAMPLETEMPORARY", after);
    }

    [Fact, Trait(Native, Yes)]
    public async Task Login_with_OneLogin_refuses_to_write_over_an_IAM_users_keys_before_any_password_is_sent()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        ws.WithSdkConfig();
        var before = File.ReadAllBytes(ws.CredentialsPath);

        var login = await ProfileSetup.RunChildAsync(ws, NoExtra, ws.LoginArgs("demo@example.com", "demo-password", "-p", "bastion", "--aws-account-id", "333333333333", "--aws-role-name", "Developer"));

        Assert.True(login.ExitCode == ExitCodes.CredentialsFile, login.ToString());
        Assert.Contains($"profile [bastion] of {ws.CredentialsPath} holds long-lived keys", login.Stderr);
        Assert.Equal(before, File.ReadAllBytes(ws.CredentialsPath));
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [KeyringFact]
    public async Task Init_keyring_with_keys_other_than_the_files_stores_nothing_and_removes_nothing()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        await using var keyring = await KeyringDaemon.StartAsync();
        var before = File.ReadAllBytes(ws.CredentialsPath);

        // --no-check: the comparison with the file's keys is what is tested here (STS would refuse this key too).
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring", "--no-check"], environment: keyring.Environment,
            stdin: "AKIAOTHERKEYOFALICE9\n" + new string('x', 40) + "\n");

        Assert.True(init.ExitCode == ExitCodes.Usage, init.ToString());
        Assert.Contains("holds other keys (AKIASANDBOXALICE0001) than the ones typed (AKIAOTHERKEYOFALICE9)", init.Stderr);
        Assert.Equal(before, File.ReadAllBytes(ws.CredentialsPath));
        Assert.Null(await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion"));

        // The file's own keys move as before.
        var same = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment,
            stdin: SandboxUsers.Alice.AccessKeyId + "\n" + SandboxUsers.Alice.SecretAccessKey + "\n");
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, File.ReadAllText(ws.CredentialsPath));
    }
}
