using System.Text.RegularExpressions;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.Infrastructure.MfaTenant;
using static SamlAssume.Tests.Mfa.MfaLoginTests;

namespace SamlAssume.Tests.Mfa;

/// <summary>No MFA code, password, state token or access token reaches any output, --verbose included, in success or failure.</summary>
public sealed class MfaSecretsTests
{
    /// <summary>The sandbox's state tokens are 40 hex characters and its access tokens 64: no such run may be printed.</summary>
    private static readonly Regex TokenLike = new("[0-9a-f]{40,}", RegexOptions.IgnoreCase);

    private static void AssertNoSecrets(CliResult result, params string[] secrets)
    {
        foreach (var secret in secrets) Assert.DoesNotContain(secret, result.AllOutput);
        Assert.DoesNotMatch(TokenLike, result.AllOutput);
    }

    [Fact]
    public async Task A_code_typed_under_the_push_spinner_is_never_printed()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var code = Totp.Compute(ProtectSecret, DateTimeOffset.UtcNow);

        var result = await CliRun.RunAsync(ws, Args(ws, "push-never@example.com", "push-never-password", "--verbose"), new ScriptedInput().Line(code));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("· MFA with OneLogin Protect (device 7002)", result.Stderr);
        AssertNoSecrets(result, code, "push-never-password");
    }

    [Fact]
    public async Task A_sent_code_and_rejected_codes_are_never_printed()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var keys = new ScriptedInput().Line("000001").LineFrom(() => ws.Sandbox.Journal.LastCodeSent(MfaUser, 6002)!);

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "sms", "--verbose"), keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("OneLogin rejected that code", result.Stderr);
        AssertNoSecrets(result, "000001", ws.Sandbox.Journal.LastCodeSent(MfaUser, 6002)!, MfaPassword);
    }

    [Fact]
    public async Task Failures_with_verbose_print_no_code_password_or_token()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast(t => t.StateTokenLifetimeSeconds = 0));
        ws.WithSdkConfig();

        var expired = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", "duo", "--otp", "246810", "--verbose"));
        var timedOut = await ws.RunAsync(Args(ws, "push-never@example.com", "push-never-password", "--mfa-timeout", "1", "--verbose"));

        Assert.Equal(ExitCodes.MfaFailed, expired.ExitCode);
        AssertNoSecrets(expired, "246810", MfaPassword);
        // The push's state token expired too: whichever way it ended, it ended with exit 4 and printed nothing secret.
        Assert.Equal(ExitCodes.MfaFailed, timedOut.ExitCode);
        AssertNoSecrets(timedOut, "push-never-password");
    }
}
