using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>No mfa_serial anywhere: the device comes from IAM (ListMFADevices for the user of the key), through the real CLI.</summary>
public sealed class MfaDeviceLookupTests
{
    private static TestWorkspace WithoutSerial(TestWorkspace ws)
    {
        ws.WithBastion();
        File.WriteAllText(ws.ConfigPath(), """
            [profile dev]
            role_arn = arn:aws:iam::333333333333:role/Admin
            source_profile = bastion
            role_session_name = alice

            """);
        return ws;
    }

    [Fact]
    public async Task The_one_device_iam_lists_is_used_and_the_log_says_so()
    {
        await using var ws = WithoutSerial(await TestWorkspace.StartAsync());

        var env = await CliRun.RunAsync(ws, ["env", "-p", "dev"], environment: new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() });

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains($"Using MFA device {SandboxUsers.Alice.MfaSerial}, the only one IAM lists for arn:aws:iam::444444444444:user/alice; set mfa_serial = {SandboxUsers.Alice.MfaSerial} in [bastion] to skip this lookup.", env.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.IamListMfaDevices));
        Assert.Equal("alice", ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.IamListMfaDevices).Fields["user_name"]);
        Assert.Equal(SandboxUsers.Alice.MfaSerial, ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSessionToken).Fields["serial_number"]);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice", await IamUserCalls.WhoAsync(ws, IamUserCalls.Exports(env.Stdout)));
    }

    [Fact]
    public async Task Several_devices_without_a_terminal_are_a_usage_error_that_lists_them()
    {
        await using var ws = WithoutSerial(await TestWorkspace.StartAsync());
        var alice = ws.Sandbox.Tenant.IamUsers.Single(u => u.UserName == "alice");
        alice.MfaDevices = [.. alice.MfaDevices, new SandboxIamMfaDevice { SerialNumber = "arn:aws:iam::444444444444:mfa/alice-yubikey", TotpSecret = SandboxUsers.Alice.TotpSecret }];

        var env = await CliRun.RunAsync(ws, ["env", "-p", "dev"], environment: new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() });

        Assert.Equal(2, env.ExitCode);
        Assert.Equal("samlassume: error: IAM lists 2 MFA devices for arn:aws:iam::444444444444:user/alice (arn:aws:iam::444444444444:mfa/alice, arn:aws:iam::444444444444:mfa/alice-yubikey) " +
                     "and there is no terminal to ask which: give --mfa-serial or set mfa_serial in [bastion]\n", env.Stderr);
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task Several_devices_at_a_terminal_are_asked()
    {
        await using var ws = WithoutSerial(await TestWorkspace.StartAsync());
        var alice = ws.Sandbox.Tenant.IamUsers.Single(u => u.UserName == "alice");
        alice.MfaDevices = [new SandboxIamMfaDevice { SerialNumber = "arn:aws:iam::444444444444:mfa/alice-old", TotpSecret = "JBSWY3DPEHPK3PXP" }, .. alice.MfaDevices];
        // The list is sorted: alice, alice-old; Enter takes the first.
        var terminal = new ScriptedInput().Key(ConsoleKey.Enter).LineFrom(() => IamUserSetup.Code());

        var result = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "dev"], terminal: terminal);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("MFA device for arn:aws:iam::444444444444:user/alice:", result.Stderr);
        Assert.Equal(SandboxUsers.Alice.MfaSerial, ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSessionToken).Fields["serial_number"]);
    }

    [Fact]
    public async Task Iam_refusing_the_lookup_is_one_line_that_says_how_to_name_the_device()
    {
        await using var ws = WithoutSerial(await TestWorkspace.StartAsync());
        ws.Sandbox.Faults.Add(SandboxEndpoints.IamGetUser, new SandboxFault(403) { Body = "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: arn:aws:iam::444444444444:user/alice is not authorized to perform: iam:GetUser</Message></Error><RequestId>1</RequestId></ErrorResponse>" });

        var env = await CliRun.RunAsync(ws, ["env", "-p", "dev"], environment: new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() });

        Assert.Equal(2, env.ExitCode);
        Assert.Equal("samlassume: error: no MFA device for source profile 'bastion' (give --mfa-serial or set mfa_serial in the profile), and IAM did not list its devices: " +
                     "AWS IAM refused GetUser: AccessDenied: User: arn:aws:iam::444444444444:user/alice is not authorized to perform: iam:GetUser\n", env.Stderr);
    }
}
