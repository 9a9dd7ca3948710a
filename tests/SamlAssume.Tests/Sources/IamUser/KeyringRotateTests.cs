using System.Text.Json;
using SamlAssume.Keyring;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>rotate with the long-lived key in the keyring (aws-vault's model): the new key goes back into the keyring, no file gets it.</summary>
public sealed class KeyringRotateTests
{
    [KeyringFact]
    public async Task Rotate_replaces_the_keyring_item_and_writes_no_key_to_any_file()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(keysInCredentialsFile: false);
        await using var keyring = await KeyringDaemon.StartAsync();
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment,
            stdin: SandboxUsers.Alice.AccessKeyId + "\n" + SandboxUsers.Alice.SecretAccessKey + "\n");
        Assert.True(init.ExitCode == 0, init.ToString());
        var environment = new Dictionary<string, string?>(keyring.Environment) { ["AWS_MFA_CODE"] = IamUserSetup.Code() };

        var rotate = await CliRun.RunAsync(ws, ["rotate", "--source-profile", "bastion"], environment: environment);

        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var item = JsonDocument.Parse(await keyring.LookupWithSecretToolAsync(KeyringItems.AwsKeysService, "bastion") ?? "{}").RootElement;
        var newKey = item.GetProperty("AccessKeyId").GetString()!;
        Assert.StartsWith("AKIA", newKey);
        Assert.NotEqual(SandboxUsers.Alice.AccessKeyId, newKey);
        Assert.Contains($"Wrote {newKey} into [bastion] of the keyring (samlassume-aws/bastion).", rotate.Stderr);
        Assert.Equal("InvalidClientTokenId", await IamUserCalls.WhoAsync(ws, SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey));
        Assert.Equal("arn:aws:iam::444444444444:user/alice", await IamUserCalls.WhoAsync(ws, newKey, item.GetProperty("SecretAccessKey").GetString()!));
        Assert.DoesNotContain(newKey, File.ReadAllText(ws.CredentialsPath) + File.ReadAllText(ws.ConfigPath()));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken)); // IAM calls were signed with the MFA session
    }
}
