using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>Passwords, codes, client secrets, tokens and secret keys never reach what we print, even with --verbose.</summary>
public sealed class SecretsTests
{
    [Fact]
    public async Task Verbose_login_prints_no_secret()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

        var result = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "--otp", code, "-p", "s", "--verbose", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var profile = new CredentialsFile(ws.CredentialsPath).ReadProfile("s")!;
        foreach (var secret in new[] { "otp-password", code, ws.Sandbox.Tenant.ClientSecret, profile["aws_secret_access_key"], profile["aws_session_token"] })
        {
            Assert.DoesNotContain(secret, result.AllOutput);
        }
    }

    [Fact]
    public async Task Verbose_failure_prints_no_secret()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "Wr0ng-Pa55word", "-p", "s", "--verbose"));

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.DoesNotContain("Wr0ng-Pa55word", result.AllOutput);
        Assert.DoesNotContain(ws.Sandbox.Tenant.ClientSecret, result.AllOutput);
    }
}
