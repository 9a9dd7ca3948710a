using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// Issue 24's "done when", through the NativeAOT executable (SAMLASSUME_BINARY) as a child process against the sandbox:
/// whatever trimming or AOT compilation breaks in the IAM client (AWS4Signer on a bare request, the XML) fails here.
/// </summary>
public sealed class NativeIamUserTests
{
    private static readonly Dictionary<string, string?> None = [];

    [NativeBinaryFact]
    public async Task Session_reused_renewed_exported_device_from_iam_and_rotated()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        File.WriteAllText(ws.ConfigPath(), ""); // no mfa_serial anywhere: IAM names the device

        var first = await ProfileSetup.RunChildAsync(ws, None, "session-token", "--source-profile", "bastion", "-z", "900", "--otp", IamUserSetup.Code());
        var again = await ProfileSetup.RunChildAsync(ws, None, "session-token", "--source-profile", "bastion", "-z", "900");
        var renewed = await ProfileSetup.RunChildAsync(ws, None, "session-token", "--source-profile", "bastion", "--format", "sh", "--otp", BastionCodes.Next());
        var rotated = await ProfileSetup.RunChildAsync(ws, None, "rotate", "--source-profile", "bastion");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Using MFA device {SandboxUsers.Alice.MfaSerial}, the only one IAM lists", first.Stderr);
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.True(renewed.ExitCode == 0, renewed.ToString());
        var session = IamUserCalls.Exports(renewed.Stdout);
        Assert.NotEqual(JsonDocument.Parse(first.Stdout).RootElement.GetProperty("AccessKeyId").GetString(), session["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("arn:aws:iam::444444444444:user/alice", await IamUserCalls.WhoAsync(ws, session));
        Assert.Equal(2, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.True(rotated.ExitCode == 0, rotated.ToString());
        var bastion = IamUserCalls.Profile(ws, "bastion");
        Assert.StartsWith("AKIA", bastion["aws_access_key_id"]);
        Assert.NotEqual(SandboxUsers.Alice.AccessKeyId, bastion["aws_access_key_id"]);
        Assert.Equal("InvalidClientTokenId", await IamUserCalls.WhoAsync(ws, SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey));
        Assert.Equal("arn:aws:iam::444444444444:user/alice", await IamUserCalls.WhoAsync(ws, bastion["aws_access_key_id"], bastion["aws_secret_access_key"]));
    }

    [NativeBinaryFact]
    public async Task Mfa_serial_on_the_role_profile_and_clear_cache_keeping_the_role_profile()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        File.WriteAllText(ws.ConfigPath(), "");
        File.AppendAllText(ws.CredentialsPath, $"""

            [dev]
            role_arn = arn:aws:iam::333333333333:role/Admin
            source_profile = bastion
            mfa_serial = {SandboxUsers.Alice.MfaSerial}

            """);

        var env = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() }, "env", "-p", "dev");
        var assumed = await ProfileSetup.RunChildAsync(ws, None, "assume-role", "--source-profile", "bastion", "dev");
        var cleared = await ProfileSetup.RunChildAsync(ws, None, "clear-cache", "--credentials-file");

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/samlassume-bastion", await IamUserCalls.WhoAsync(ws, IamUserCalls.Exports(env.Stdout)));
        Assert.True(assumed.ExitCode == 0, assumed.ToString());
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.Equal(["mfa_serial", "role_arn", "source_profile"], IamUserCalls.Profile(ws, "dev").Keys.Order(StringComparer.Ordinal));
        Assert.Equal(0, ws.Count(SandboxEndpoints.IamListMfaDevices));
    }
}
