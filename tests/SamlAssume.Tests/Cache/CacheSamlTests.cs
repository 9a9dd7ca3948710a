using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cache;

/// <summary><c>--cache-saml</c>: a second role without a second sign-in or MFA, while the assertion is valid.</summary>
public sealed class CacheSamlTests
{
    [Fact]
    public async Task A_second_role_reuses_the_cached_assertion_without_mfa()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

        var first = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "--otp", code, "--cache-saml", "-p", "a", "--aws-account-id", "333333333333"));
        var second = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "--cache-saml", "-p", "b", "--aws-account-id", "111111111111"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("Using the cached SAML assertion", second.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        var file = Assert.Single(Directory.GetFiles(Path.Combine(ws.CacheHome(), "samlassume", "saml")));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));

        // Without the flag nothing is reused; clear-cache removes the assertion.
        var third = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "c", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"));
        Assert.Equal(0, third.ExitCode);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        var cleared = await CliRun.RunAsync(ws, ["clear-cache"]);
        Assert.Contains($"Removed {file}", cleared.Stderr);
    }

    [Fact]
    public async Task An_expired_cached_assertion_is_not_used()
    {
        var clock = new AutoAdvancingClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        var args = ws.LoginArgs("demo@example.com", "demo-password", "--cache-saml", "-p", "a", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly");

        Assert.Equal(0, (await CliRun.RunAsync(ws, args, clock: clock)).ExitCode);
        await Task.Delay(TimeSpan.FromMinutes(6), clock); // past the sandbox's 5-minute NotOnOrAfter
        var again = await CliRun.RunAsync(ws, args, clock: clock);

        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.DoesNotContain("Using the cached SAML assertion", again.Stderr);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }
}
