using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>`samlassume session-token` through the real command line against the sandbox's GetSessionToken.</summary>
public sealed class IamUserSessionTokenTests
{
    [Fact]
    public async Task Prints_the_session_as_credential_process_json_and_serves_it_from_the_cache_without_another_code()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var first = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code());
        var second = await ws.RunAsync("session-token", "--source-profile", "bastion");

        Assert.True(first.ExitCode == 0, first.ToString());
        using var json = JsonDocument.Parse(first.Stdout);
        Assert.Equal(1, json.RootElement.GetProperty("Version").GetInt32());
        Assert.StartsWith("ASIA", json.RootElement.GetProperty("AccessKeyId").GetString());
        var expiration = DateTimeOffset.Parse(json.RootElement.GetProperty("Expiration").GetString()!);
        Assert.InRange(expiration, DateTimeOffset.UtcNow.AddHours(12).AddMinutes(-1), DateTimeOffset.UtcNow.AddHours(12).AddMinutes(1));
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, first.AllOutput + second.AllOutput);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, string.Concat(Directory.EnumerateFiles(ws.CacheHome(), "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
    }

    [Fact]
    public async Task Duration_is_passed_to_sts_and_checked_first()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var ok = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code(), "-z", "129600");
        var tooLong = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", "123456", "-z", "129601");

        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("129600", ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSessionToken).Fields["duration_seconds"]);
        Assert.Equal(2, tooLong.ExitCode);
        Assert.Equal("samlassume: error: an MFA session lasts 900 to 129600 seconds (36 h), not 129601\n", tooLong.Stderr);
    }

    [Fact]
    public async Task A_wrong_code_fails_once_with_exit_4_and_is_never_sent_again()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.WrongCode());

        Assert.Equal(4, result.ExitCode);
        Assert.Equal("", result.Stdout);
        Assert.StartsWith($"samlassume: error: AWS STS refused the MFA code for {SandboxUsers.Alice.MfaSerial}: MultiFactorAuthentication failed with invalid MFA one time pass code.", result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task A_code_already_used_is_refused_by_sts_and_not_retried()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var code = IamUserSetup.Code();
        Assert.Equal(0, (await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", code)).ExitCode);
        Assert.Equal(0, (await ws.RunAsync("clear-cache")).ExitCode);

        var reused = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", code);

        Assert.Equal(4, reused.ExitCode);
        Assert.Contains("wait for the next code (AWS takes each code once)", reused.Stderr);
        Assert.Equal(["ok", "reused"], ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.GetSessionToken).Select(e => e.Fields["mfa"]));
    }

    [Fact]
    public async Task Without_a_code_or_a_terminal_it_says_how_to_give_one()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("session-token", "--source-profile", "bastion");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"samlassume: error: an MFA code for {SandboxUsers.Alice.MfaSerial} is needed and there is no terminal to ask: give --otp or AWS_MFA_CODE (each code is used once)\n", result.Stderr);
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task Under_the_aws_cli_the_code_is_asked_on_the_controlling_terminal()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var terminal = new ScriptedTerminal(new ScriptedInput().LineFrom(() => IamUserSetup.Code()));

        var result = await CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion"], openTerminal: terminal.Open);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"MFA code for {SandboxUsers.Alice.MfaSerial}:", terminal.Screen);
        Assert.DoesNotContain(IamUserSetup.Code(), terminal.Screen);
    }

    [Fact]
    public async Task A_source_profile_without_keys_is_a_usage_error()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("session-token", "--source-profile", "bastion-sts", "--otp", "123456");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"samlassume: error: profile 'bastion-sts' has no aws_access_key_id and aws_secret_access_key in {ws.CredentialsPath}: it cannot start an MFA session (write them with `samlassume init --source-profile bastion-sts`)\n", result.Stderr);
    }

    [Fact]
    public async Task Write_profile_puts_the_session_in_the_credentials_file_but_never_over_long_lived_keys()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var written = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code(), "--write-profile", "bastion-session");
        var refused = await ws.RunAsync("session-token", "--source-profile", "bastion", "--write-profile", "bastion");

        Assert.True(written.ExitCode == 0, written.ToString());
        var file = File.ReadAllText(ws.CredentialsPath);
        Assert.Contains("[bastion-session]\naws_access_key_id = ASIA", file);
        Assert.Contains($"aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}", file);
        Assert.Equal(7, refused.ExitCode);
        Assert.Contains("holds long-lived keys: samlassume never writes temporary credentials over it", refused.Stderr);
    }
}
