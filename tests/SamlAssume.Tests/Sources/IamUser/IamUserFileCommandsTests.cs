using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>clear-cache --credentials-file, set-default, init and demo --source iam-user through the real command line.</summary>
public sealed class IamUserFileCommandsTests
{
    [Fact]
    public async Task Clear_cache_with_credentials_file_removes_temporary_profiles_and_never_long_lived_keys()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        Assert.Equal(0, (await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "prod-readonly", "--otp", IamUserSetup.Code())).ExitCode);
        File.AppendAllText(ws.CredentialsPath, "\n[other-keys]\naws_access_key_id = AKIAOTHER00000000000\naws_secret_access_key = x\n");

        var result = await ws.RunAsync("clear-cache", "--credentials-file");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Skipping the 'bastion' profile because it may contain long-lived credentials", result.Stderr);
        Assert.Contains("Skipping the 'other-keys' profile", result.Stderr);
        Assert.Contains("Removed profile [dev-admin] (temporary credentials)", result.Stderr);
        var file = File.ReadAllText(ws.CredentialsPath);
        Assert.DoesNotContain("[dev-admin]", file);
        Assert.DoesNotContain("[prod-readonly]", file);
        Assert.StartsWith($"[bastion]\naws_access_key_id = {SandboxUsers.Alice.AccessKeyId}\naws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}\n", file);
        Assert.Contains("[other-keys]\naws_access_key_id = AKIAOTHER00000000000\naws_secret_access_key = x\n", file);
        Assert.False(Directory.Exists(Path.Combine(ws.CacheHome(), "samlassume", "sessions")) &&
                     Directory.EnumerateFiles(Path.Combine(ws.CacheHome(), "samlassume", "sessions")).Any());
    }

    [Fact]
    public async Task Set_default_copies_temporary_credentials_and_refuses_long_lived_ones()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        Assert.Equal(0, (await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "--otp", IamUserSetup.Code())).ExitCode);

        var copied = await ws.RunAsync("set-default", "dev-admin");
        var refused = await ws.RunAsync("set-default", "bastion");

        Assert.True(copied.ExitCode == 0, copied.ToString());
        var file = new SamlAssume.Aws.CredentialsFile(ws.CredentialsPath);
        Assert.Equal(file.ReadProfile("dev-admin"), file.ReadProfile("default"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("holds no temporary credentials (aws_session_token)", refused.Stderr);
    }

    [Fact]
    public async Task Init_writes_the_keys_read_from_stdin_and_never_prints_the_secret()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--mfa-serial", SandboxUsers.Alice.MfaSerial],
            stdin: $"{SandboxUsers.Alice.AccessKeyId}\n{SandboxUsers.Alice.SecretAccessKey}\n");
        var bad = await CliRun.RunAsync(ws, ["init", "--source-profile", "x"], stdin: "not-a-key\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal($"[bastion]\naws_access_key_id = {SandboxUsers.Alice.AccessKeyId}\naws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}\nmfa_serial = {SandboxUsers.Alice.MfaSerial}\n", File.ReadAllText(ws.CredentialsPath));
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, result.AllOutput);
        Assert.Equal(2, bad.ExitCode);
    }

    [Fact]
    public async Task Init_at_a_terminal_asks_with_the_secret_hidden_then_session_token_works_with_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var keys = new ScriptedInput().Line(SandboxUsers.Alice.AccessKeyId).Line(SandboxUsers.Alice.SecretAccessKey);

        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--mfa-serial", SandboxUsers.Alice.MfaSerial], terminal: keys);
        var session = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code());

        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains("AWS secret access key:", init.Stderr);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, init.AllOutput);
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task Demo_with_the_iam_user_source_runs_the_session_two_roles_and_an_sdk_call()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("demo", "--source", "iam-user");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice\n", result.Stdout);
        Assert.Contains("STS saw 1 GetSessionToken and 2 AssumeRole calls.", result.Stderr);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, result.AllOutput);
    }
}
