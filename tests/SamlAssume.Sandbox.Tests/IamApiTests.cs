using System.Diagnostics;
using System.Text.Json;

namespace SamlAssume.Sandbox.Tests;

/// <summary>
/// The sandbox's IAM Query API checked by a client we did not write, the AWS CLI v2 (botocore's iam/2010-05-08 model
/// parses the XML; its signer scopes to "iam"): who am I, my MFA devices and keys, a key created, the quota, a key
/// deleted and then refused by STS.
/// </summary>
public sealed class IamApiTests
{
    private const string Alice = "AKIASANDBOXALICE0001";
    private const string AliceSecret = "sandbox/alice/long+lived/secret/key/0001";

    private static async Task<(int Exit, JsonElement Json, string Stderr)> AwsAsync(SandboxServer sandbox, string keyId, string secret, params string[] args)
    {
        var start = new ProcessStartInfo(AwsCliFactAttribute.Path, [.. args, "--output", "json", "--endpoint-url", sandbox.BaseUrl.ToString()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList()) start.Environment.Remove(name);
        start.Environment["AWS_ACCESS_KEY_ID"] = keyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secret;
        start.Environment["AWS_CONFIG_FILE"] = "/dev/null";
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = "/dev/null";
        start.Environment["AWS_REGION"] = "us-east-1";
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        var text = await stdout;
        return (process.ExitCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone(), await stderr);
    }

    [AwsCliFact]
    public async Task Aws_cli_reads_users_devices_and_keys_and_rotates_a_key()
    {
        await using var sandbox = await SandboxServer.StartAsync();

        var user = await AwsAsync(sandbox, Alice, AliceSecret, "iam", "get-user");
        var devices = await AwsAsync(sandbox, Alice, AliceSecret, "iam", "list-mfa-devices", "--user-name", "alice");
        var created = await AwsAsync(sandbox, Alice, AliceSecret, "iam", "create-access-key");
        var third = await AwsAsync(sandbox, Alice, AliceSecret, "iam", "create-access-key");
        var newKey = created.Json.GetProperty("AccessKey");
        var (newId, newSecret) = (newKey.GetProperty("AccessKeyId").GetString()!, newKey.GetProperty("SecretAccessKey").GetString()!);
        var keys = await AwsAsync(sandbox, newId, newSecret, "iam", "list-access-keys");
        var deleted = await AwsAsync(sandbox, newId, newSecret, "iam", "delete-access-key", "--access-key-id", Alice);
        var oldRefused = await AwsAsync(sandbox, Alice, AliceSecret, "sts", "get-caller-identity");
        var bob = await AwsAsync(sandbox, newId, newSecret, "iam", "list-mfa-devices", "--user-name", "bob");

        Assert.True(user.Exit == 0, user.Stderr);
        Assert.Equal("arn:aws:iam::444444444444:user/alice", user.Json.GetProperty("User").GetProperty("Arn").GetString());
        Assert.True(devices.Exit == 0, devices.Stderr);
        Assert.Equal("arn:aws:iam::444444444444:mfa/alice", devices.Json.GetProperty("MFADevices")[0].GetProperty("SerialNumber").GetString());
        Assert.True(created.Exit == 0, created.Stderr);
        Assert.StartsWith("AKIA", newId);
        Assert.NotEqual(0, third.Exit);
        Assert.Contains("LimitExceeded", third.Stderr);
        Assert.True(keys.Exit == 0, keys.Stderr);
        Assert.Equal(2, keys.Json.GetProperty("AccessKeyMetadata").GetArrayLength());
        Assert.True(deleted.Exit == 0, deleted.Stderr);
        Assert.NotEqual(0, oldRefused.Exit);
        Assert.Contains("InvalidClientTokenId", oldRefused.Stderr);
        Assert.NotEqual(0, bob.Exit);
        Assert.Contains("AccessDenied", bob.Stderr);
    }
}
