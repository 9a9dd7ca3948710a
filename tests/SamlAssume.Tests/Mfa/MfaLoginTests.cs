using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.Infrastructure.MfaTenant;

namespace SamlAssume.Tests.Mfa;

/// <summary>Every MFA factor without a terminal: --mfa-device, mfa_device in onelogin.aws.json, --otp and ONELOGIN_OTP.</summary>
public sealed class MfaLoginTests
{
    private static readonly string[] RoleFlags = ["-p", "m", "--aws-region", "us-east-1", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"];

    internal static string[] Args(TestWorkspace ws, string user, string password, params string[] extra) =>
        ws.LoginArgs(user, password, [.. RoleFlags, .. extra]);

    internal static void AssertProfileWritten(TestWorkspace ws, CliResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(new CredentialsFile(ws.CredentialsPath).ReadProfile("m"));
    }

    internal static IReadOnlyList<JournalEntry> Verifies(TestWorkspace ws) =>
        ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.VerifyFactor).ToList();

    [Theory]
    [InlineData("6003", "totp")]              // Google Authenticator, by id
    [InlineData("Google Authenticator", "totp")] // by type
    [InlineData("yubikey", "yubikey")]
    [InlineData("duo", "246810")]
    [InlineData("RSA SecurID", "13579135")]
    [InlineData("authy", AuthyCode)]
    [InlineData(UnknownDeviceType, UnknownDeviceCode)]
    [InlineData("push", "protect")]           // the OneLogin Protect app's code instead of the push
    public async Task A_code_device_chosen_with_mfa_device_and_a_code_from_otp_signs_in(string device, string code)
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        code = code switch
        {
            "totp" => Totp.Compute(AuthenticatorSecret, DateTimeOffset.UtcNow),
            "protect" => Totp.Compute(ProtectSecret, DateTimeOffset.UtcNow),
            "yubikey" => YubiKeyOtp(),
            _ => code,
        };

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", device, "--otp", code, "--verbose"));

        AssertProfileWritten(ws, result);
        var verify = Assert.Single(Verifies(ws));
        Assert.Equal("true", verify.Fields["otp_present"]);
        Assert.DoesNotContain(code, result.AllOutput);
        Assert.DoesNotContain(MfaPassword, result.AllOutput);
    }

    [Fact]
    public async Task The_code_may_come_from_ONELOGIN_OTP()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "authy"),
            environment: new Dictionary<string, string?> { ["ONELOGIN_OTP"] = AuthyCode });

        AssertProfileWritten(ws, result);
        Assert.Equal("6009", Assert.Single(Verifies(ws)).Fields["device_id"]);
    }

    [Fact]
    public async Task Mfa_device_in_onelogin_aws_json_applies_globally_and_a_profile_entry_overrides_it()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig().WithAwsConfig(new()
        {
            ["mfa_device"] = "totp",
            ["profiles"] = new Dictionary<string, object?> { ["duo"] = new Dictionary<string, object?> { ["mfa_device"] = "Duo Duo Security" } },
        });

        var global = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--otp", Totp.Compute(AuthenticatorSecret, DateTimeOffset.UtcNow)));
        AssertProfileWritten(ws, global);
        Assert.Equal("6003", Verifies(ws)[^1].Fields["device_id"]);

        var perProfile = await ws.RunAsync(ws.LoginArgs(MfaUser, MfaPassword, "-p", "duo", "--aws-region", "us-east-1",
            "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--otp", "246810"));
        Assert.True(perProfile.ExitCode == 0, perProfile.ToString());
        Assert.Equal("6007", Verifies(ws)[^1].Fields["device_id"]);
    }

    [Fact]
    public async Task Several_devices_and_no_terminal_ask_for_mfa_device_and_list_them()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--mfa-device", result.Stderr);
        Assert.Contains("OneLogin Protect (6001)", result.Stderr);
        Assert.Empty(Verifies(ws));
    }

    [Theory]
    [InlineData("sms")]
    [InlineData("email")]
    [InlineData("voice")]
    public async Task A_sent_code_without_a_terminal_fails_before_anything_is_sent_and_names_otp_and_ONELOGIN_OTP(string device)
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", device));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--otp", result.Stderr);
        Assert.Contains("ONELOGIN_OTP", result.Stderr);
        Assert.Empty(Verifies(ws));
        Assert.Null(ws.Sandbox.Journal.LastCodeSent(MfaUser, 6002));
    }

    [Fact]
    public async Task A_push_is_sent_once_then_polled_until_approved()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", "push"));

        AssertProfileWritten(ws, result);
        Assert.Contains("Approve the sign-in on your phone", result.Stderr);
        Assert.Contains("Push approved after", result.Stderr);
        var calls = Verifies(ws);
        Assert.Equal("false", calls[0].Fields["do_not_notify"]);
        Assert.All(calls.Skip(1), c => Assert.Equal("true", c.Fields["do_not_notify"]));
        Assert.All(calls, c => Assert.Equal("false", c.Fields["otp_present"]));
        // Approved 0.2 s after sending, polled every 0.5 s at first: a poll or two (more only on a crawling machine), not a burst.
        Assert.InRange(calls.Count, 2, 6);
    }

    [Fact]
    public async Task A_denied_push_ends_with_its_own_message()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, "push-deny@example.com", "push-deny-password"));

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.StartsWith("samlassume: error: the push to OneLogin Protect was denied on the phone", result.Stderr.Split('\n').Last(l => l.Length > 0));
        Assert.DoesNotContain("not approved within", result.Stderr);
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task An_unanswered_push_times_out_after_mfa_timeout_with_its_own_message()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, "push-never@example.com", "push-never-password", "--mfa-timeout", "1"));

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        var error = result.Stderr.Split('\n').Last(l => l.Length > 0);
        Assert.StartsWith("samlassume: error: the push to OneLogin Protect was not approved within 1 s", error);
        Assert.Contains("--mfa-timeout", error);
        Assert.Contains("--otp", error);
        Assert.DoesNotContain("denied", result.Stderr);
        // Sent, then polled at 0.5 s and on the 1 s deadline: no more (fewer if sending alone took the whole second).
        Assert.InRange(Verifies(ws).Count, 1, 4);
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public async Task Mfa_timeout_out_of_range_is_a_usage_error(string seconds)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-timeout", seconds));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--mfa-timeout", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Ctrl_c_while_waiting_for_a_push_exits_130_and_stops_polling()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password"), cancellationToken: interrupt.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains("samlassume: interrupted", result.Stderr);
        var polls = Verifies(ws).Count;
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        Assert.Equal(polls, Verifies(ws).Count);
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task An_expired_state_token_restarts_the_sign_in_once_then_stops()
    {
        // Every state token is dead on arrival: one restart, then a clear failure, never a loop.
        await using var ws = await TestWorkspace.StartAsync(Fast(t => t.StateTokenLifetimeSeconds = 0));
        ws.WithSdkConfig();

        var result = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", "duo", "--otp", "246810"));

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.Contains("starting the sign-in again", result.Stderr);
        Assert.Contains("state token is invalid or expired", result.Stderr);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(2, Verifies(ws).Count);
    }
}
