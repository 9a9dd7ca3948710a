using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>`init` asks STS whether the keys work before it stores them, and says what would shadow them.</summary>
public sealed class InitCheckTests
{
    [Fact]
    public async Task A_wrong_secret_is_refused_before_anything_is_stored()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var wrong = "sandbox/alice/long+lived/secret/key/9999";

        var result = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion"], stdin: $"{SandboxUsers.Alice.AccessKeyId}\n{wrong}\n");

        Assert.Equal(5, result.ExitCode);
        Assert.Equal($"samlassume: error: AWS STS does not accept the key {SandboxUsers.Alice.AccessKeyId} (SignatureDoesNotMatch): nothing was stored; check the key id and the secret, or give --no-check to store them unchecked\n", result.Stderr);
        Assert.False(File.Exists(ws.CredentialsPath));
        Assert.DoesNotContain(wrong, result.AllOutput);
    }

    [Fact]
    public async Task Good_keys_are_stored_the_device_is_found_in_iam_and_environment_keys_are_warned_about()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion"], stdin: $"{SandboxUsers.Alice.AccessKeyId}\n{SandboxUsers.Alice.SecretAccessKey}\n",
            environment: new Dictionary<string, string?> { ["AWS_ACCESS_KEY_ID"] = "AKIAOTHERKEY00000000", ["AWS_SECRET_ACCESS_KEY"] = "x" });
        var offline = await CliRun.RunAsync(ws, ["init", "--source-profile", "offline", "--no-check"], stdin: $"AKIAOFFLINE000000000\n{new string('s', 40)}\n");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetCallerIdentity));
        Assert.Contains($"IAM lists the MFA device {SandboxUsers.Alice.MfaSerial} for this user", result.Stderr);
        Assert.Contains("warning: AWS_ACCESS_KEY_ID (AKIAOTHERKEY00000000) is set in this environment: the AWS CLI and SDKs use it before any profile", result.Stderr);
        Assert.Contains("Next: samlassume session-token --source-profile bastion\n", result.Stderr);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, result.AllOutput);
        Assert.True(offline.ExitCode == 0, offline.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetCallerIdentity));
        Assert.Contains("[offline]\naws_access_key_id = AKIAOFFLINE000000000\n", File.ReadAllText(ws.CredentialsPath));
    }
}
