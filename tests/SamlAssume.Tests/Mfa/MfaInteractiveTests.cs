using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.Infrastructure.MfaTenant;
using static SamlAssume.Tests.Mfa.MfaLoginTests;

namespace SamlAssume.Tests.Mfa;

/// <summary>Every MFA factor at a terminal: Spectre's real prompts and spinner, fed with scripted keys.</summary>
public sealed class MfaInteractiveTests
{
    [Fact]
    public async Task The_device_list_puts_onelogins_default_first_and_an_sms_code_says_where_it_went()
    {
        // SMS is this user's default device here, although OneLogin Protect comes first in the tenant file.
        await using var ws = await TestWorkspace.StartAsync(Fast(t =>
        {
            foreach (var d in User(t, MfaUser).Devices) d.Default = d.DeviceId == 6002;
        }));
        ws.WithSdkConfig();
        var keys = new ScriptedInput()
            .Key(ConsoleKey.Enter) // the first entry of the list
            .LineFrom(() => ws.Sandbox.Journal.LastCodeSent(MfaUser, 6002)!);

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword), keys);

        AssertProfileWritten(ws, result);
        Assert.Contains("Which MFA device?", result.Stderr);
        Assert.True(result.Stderr.IndexOf("OneLogin SMS (6002)", StringComparison.Ordinal) < result.Stderr.IndexOf("OneLogin Protect (6001)", StringComparison.Ordinal), result.Stderr);
        Assert.Contains("OneLogin sent a code by SMS to the phone of your OneLogin SMS device (6002).", result.Stderr);
        Assert.Contains("Code from the SMS:", result.Stderr);
        Assert.Equal(0, keys.Remaining);
        Assert.DoesNotContain(ws.Sandbox.Journal.LastCodeSent(MfaUser, 6002)!, result.AllOutput);
    }

    [Theory]
    [InlineData("email", 6005L, "OneLogin emailed a code to mfa@example.com.", "Code from the email:")]
    [InlineData("voice", 6006L, "OneLogin is calling the phone of your OneLogin Voice device (6006) to read you a code.", "Code from the voice call:")]
    public async Task Email_and_voice_codes_say_where_they_went_then_ask_for_the_code(string device, long deviceId, string where, string prompt)
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var keys = new ScriptedInput().LineFrom(() => ws.Sandbox.Journal.LastCodeSent(MfaUser, deviceId)!);

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", device), keys);

        AssertProfileWritten(ws, result);
        Assert.Contains(where, result.Stderr);
        Assert.Contains(prompt, result.Stderr);
        Assert.Equal(2, Verifies(ws).Count); // the trigger, then the code
        Assert.DoesNotContain(ws.Sandbox.Journal.LastCodeSent(MfaUser, deviceId)!, result.AllOutput);
    }

    [Theory]
    [InlineData("totp", "totp", "Code from your authenticator app (Google Authenticator):")]
    [InlineData("yubikey", "yubikey", "Touch your YubiKey (it types the code):")]
    [InlineData("duo", "246810", "Passcode from Duo:")]
    [InlineData("rsa", "13579135", "RSA SecurID passcode:")]
    [InlineData("authy", AuthyCode, "Code from Authy:")]
    [InlineData(UnknownDeviceType, UnknownDeviceCode, "Code from your Acme Hardware Token:")]
    public async Task Code_devices_ask_for_their_code_in_their_own_words(string device, string code, string prompt)
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        code = code switch
        {
            "totp" => Totp.Compute(AuthenticatorSecret, DateTimeOffset.UtcNow),
            "yubikey" => YubiKeyOtp(),
            _ => code,
        };

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", device), new ScriptedInput().Line(code));

        AssertProfileWritten(ws, result);
        Assert.Contains(prompt, result.Stderr);
        Assert.Single(Verifies(ws));
        Assert.DoesNotContain(code, result.AllOutput);
    }

    [Fact]
    public async Task A_yubikey_code_of_the_wrong_length_is_not_sent()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var otp = YubiKeyOtp();

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "yubikey"), new ScriptedInput().Line(otp[..20]).Line(otp));

        AssertProfileWritten(ws, result);
        Assert.Contains("A YubiKey code is 44 characters, that was 20", result.Stderr);
        Assert.Single(Verifies(ws));
    }

    [Fact]
    public async Task A_push_shows_the_spinner_and_completes_without_a_key()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var keys = new ScriptedInput();

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "push"), keys);

        AssertProfileWritten(ws, result);
        Assert.Contains("Push sent to OneLogin Protect.", result.Stderr);
        Assert.Contains("Approve the sign-in on your phone, or type the app's code", result.Stderr);
        Assert.Contains("Push approved after", result.Stderr);
        Assert.All(Verifies(ws), v => Assert.Equal("false", v.Fields["otp_present"]));
    }

    [Fact]
    public async Task A_code_typed_under_the_spinner_wins_over_a_push_nobody_answers()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var code = Totp.Compute(ProtectSecret, DateTimeOffset.UtcNow);
        // The role prompt after the sign-in must still get its own key: the code reader may not swallow it.
        var keys = new ScriptedInput().Line(code).LineWhenAsked("1");

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("push-never@example.com", "push-never-password", "-p", "m", "--aws-region", "us-east-1"), keys, ansi: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Code typed; checking it with OneLogin.", result.Stderr);
        var calls = Verifies(ws);
        Assert.Equal("true", calls[^1].Fields["otp_present"]);
        Assert.Equal(1, calls.Count(c => c.Fields["otp_present"] == "true"));
        Assert.Equal(0, keys.Remaining);
        Assert.DoesNotContain(code, result.AllOutput);
    }

    [Fact]
    public async Task After_a_push_timeout_the_app_code_is_offered_and_accepted()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var keys = new ScriptedInput().LineFrom(() => Totp.Compute(ProtectSecret, DateTimeOffset.UtcNow));

        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password", "--mfa-timeout", "1"), keys);

        AssertProfileWritten(ws, result);
        Assert.Contains("The push was not approved within 1 s.", result.Stderr);
        Assert.Contains("Type the code from the OneLogin Protect app instead (Enter gives up):", result.Stderr);
    }

    [Fact]
    public async Task After_a_push_timeout_enter_gives_up_with_the_timeout_message()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password", "--mfa-timeout", "1"), new ScriptedInput().LineWhenAsked(""));

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.Contains("samlassume: error: the push to OneLogin Protect was not approved within 1 s and no code was typed instead", result.Stderr);
        Assert.DoesNotContain(Verifies(ws), v => v.Fields["otp_present"] == "true");
    }

    [Fact]
    public async Task A_denied_push_at_a_terminal_ends_with_its_own_message()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws, "push-deny@example.com", "push-deny-password"), new ScriptedInput());

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.Contains("samlassume: error: the push to OneLogin Protect was denied on the phone", result.Stderr);
    }

    [Fact]
    public async Task Ctrl_c_under_the_spinner_exits_130_and_leaves_no_reader_behind()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var keys = new ScriptedInput();
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(800));

        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password"), keys, cancellationToken: interrupt.Token);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        keys.Line("123456"); // typed after the program ended: nobody may read it
        await Task.Delay(TimeSpan.FromMilliseconds(300));
        Assert.Equal(7, keys.Remaining);
    }

    [Fact]
    public async Task An_expired_state_token_restarts_the_sign_in_once_transparently()
    {
        var clock = new ShiftedClock();
        await using var ws = await TestWorkspace.StartAsync(Fast(clock: clock));
        ws.WithSdkConfig();
        var keys = new ScriptedInput()
            .Do(() => clock.Shift(TimeSpan.FromMinutes(10))) // the user walks away: the state token (300 s) expires
            .LineFrom(() => Totp.Compute(OtpUserSecret, clock.GetUtcNow()))
            .LineFrom(() => Totp.Compute(OtpUserSecret, clock.GetUtcNow()));

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "-p", "m", "--aws-region", "us-east-1", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"), keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("The MFA challenge expired; starting the sign-in again.", result.Stderr);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(2, Verifies(ws).Count);
        Assert.Equal(0, keys.Remaining);
    }

    [Fact]
    public async Task Three_wrong_codes_from_a_push_device_make_at_most_three_code_checks()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var good = Totp.Compute(ProtectSecret, DateTimeOffset.UtcNow);
        var wrong = new[] { "111111", "222222", "333333", "444444" }.Where(c => c != good).Take(3).ToArray();
        // The first code is typed under the spinner (it wins over the push), the next two at the prompts after it.
        var keys = new ScriptedInput().Line(wrong[0]).LineWhenAsked(wrong[1]).LineWhenAsked(wrong[2]).LineWhenAsked("555555");
        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password"), keys);

        Assert.Equal(ExitCodes.MfaFailed, result.ExitCode);
        Assert.Contains("rejected 3 MFA codes", result.Stderr);
        Assert.Equal(3, Verifies(ws).Count(v => v.Fields["otp_present"] == "true"));
        Assert.Equal(1, keys.Remaining); // the fourth code was never asked for
        foreach (var c in wrong) Assert.DoesNotContain(c, result.AllOutput);
    }
}
