using SamlAssume.Aws.Iam;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>`rotate --source-profile NAME` against the sandbox's IAM: never a lost key, the old one refused by STS afterwards.</summary>
public sealed class RotateTests
{
    [Fact]
    public async Task Rotate_writes_a_new_key_in_place_waits_for_sts_and_the_old_key_is_refused_afterwards()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        File.WriteAllText(ws.CredentialsPath, $"""
            # my keys
            [bastion]
            aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
            aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}
            region = eu-central-1

            [other]
            aws_access_key_id = AKIAOTHERKEY00000000
            aws_secret_access_key = other

            """);
        var before = File.ReadAllText(ws.CredentialsPath);
        ws.Sandbox.Faults.NewKeyDelay = TimeSpan.FromSeconds(2); // IAM keys are eventually consistent

        var result = await ws.RunAsync("rotate", "--source-profile", "bastion", "--otp", IamUserSetup.Code());

        Assert.True(result.ExitCode == 0, result.ToString());
        var bastion = IamUserCalls.Profile(ws, "bastion");
        var newKey = bastion["aws_access_key_id"];
        Assert.StartsWith("AKIA", newKey);
        Assert.NotEqual(SandboxUsers.Alice.AccessKeyId, newKey);
        Assert.Equal(before.Replace(SandboxUsers.Alice.AccessKeyId, newKey).Replace(SandboxUsers.Alice.SecretAccessKey, bastion["aws_secret_access_key"]), File.ReadAllText(ws.CredentialsPath));
        Assert.Equal("InvalidClientTokenId", await IamUserCalls.WhoAsync(ws, SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey));
        Assert.Equal("arn:aws:iam::444444444444:user/alice", await IamUserCalls.WhoAsync(ws, newKey, bastion["aws_secret_access_key"]));
        Assert.True(ws.Count(SandboxEndpoints.GetCallerIdentity) >= 2, "STS was polled until it knew the new key");
        Assert.Contains($"Rotated [bastion]: {SandboxUsers.Alice.AccessKeyId} → {newKey}.", result.Stderr);
        Assert.DoesNotContain(bastion["aws_secret_access_key"], result.AllOutput);
        // The user keeps working: a new session starts with the new key.
        Assert.Equal(0, (await ws.RunAsync("clear-cache")).ExitCode);
        var session = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", BastionCodes.Next());
        Assert.True(session.ExitCode == 0, session.ToString());
    }

    [Fact]
    public async Task A_user_with_two_keys_already_is_refused_and_nothing_is_created()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        using (var iam = IamUserCalls.Client(ws))
            await iam.CreateAccessKeyAsync(new AwsKeyCredentials(SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey));

        var result = await ws.RunAsync("rotate", "--source-profile", "bastion", "--no-session");

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("samlassume: error: arn:aws:iam::444444444444:user/alice already has 2 access keys (", result.Stderr);
        Assert.Contains("samlassume never deletes a key it did not create", result.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.IamCreateAccessKey)); // the test's own
        Assert.Contains(SandboxUsers.Alice.AccessKeyId, File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_new_key_sts_never_accepts_is_deleted_again_and_the_old_one_stays()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        ws.Sandbox.Faults.NewKeyDelay = TimeSpan.FromMinutes(10);
        var before = File.ReadAllText(ws.CredentialsPath);

        var result = await ws.RunAsync("rotate", "--source-profile", "bastion", "--no-session", "--wait", "2");

        Assert.Equal(5, result.ExitCode);
        var error = result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        Assert.Matches(@"^samlassume: error: STS did not accept the new key AKIA\w+ within 2 s \(InvalidClientTokenId\); nothing was changed: \[bastion\] still holds AKIASANDBOXALICE0001, and the new key AKIA\w+ was deleted again$", error);
        Assert.Equal(before, File.ReadAllText(ws.CredentialsPath));
        Assert.Equal(1, ws.Count(SandboxEndpoints.IamDeleteAccessKey));
        Assert.Equal("arn:aws:iam::444444444444:user/alice", await IamUserCalls.WhoAsync(ws, SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey));
    }
}

/// <summary>TOTP codes of alice's device for a second session in one test (AWS takes each code once).</summary>
public static class BastionCodes
{
    /// <summary>The code of the next 30-second step: valid now (one step of drift) and not the current one.</summary>
    public static string Next() => IamUserSetup.Code(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(30)));
}
