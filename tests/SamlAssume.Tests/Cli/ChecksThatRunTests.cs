using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.Infrastructure.MfaTenant;
using static SamlAssume.Tests.Mfa.MfaLoginTests;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Issue 16 item 5 through the real command line: checks that existed for one path now run on the others — the
/// YubiKey length for --otp, the profile entry for the profile commands, the keys of onelogin.aws.json, and the
/// region the user's AWS tools already use.
/// </summary>
public sealed class ChecksThatRunTests
{
    [Fact]
    public async Task A_YubiKey_code_of_the_wrong_length_from_otp_is_not_sent()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();

        var given = await ws.RunAsync(Args(ws, MfaUser, MfaPassword, "--mfa-device", "yubikey", "--otp", "123456"));
        var fromVariable = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "yubikey"),
            environment: new Dictionary<string, string?> { ["ONELOGIN_OTP"] = YubiKeyOtp()[..43] });

        Assert.Equal(ExitCodes.Usage, given.ExitCode);
        Assert.EndsWith("samlassume: error: the code from --otp or ONELOGIN_OTP is 6 characters and a YubiKey code is 44; it was not sent\n", given.Stderr);
        Assert.Equal(ExitCodes.Usage, fromVariable.ExitCode);
        Assert.Contains("is 43 characters and a YubiKey code is 44; it was not sent", fromVariable.Stderr);
        // No verify_factor request: OneLogin never saw the codes, so no attempt towards a lockout was used.
        Assert.Empty(Verifies(ws));
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task At_a_terminal_a_short_otp_is_set_aside_and_the_key_is_asked_for()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithSdkConfig();
        var otp = YubiKeyOtp();

        var result = await CliRun.RunAsync(ws, Args(ws, MfaUser, MfaPassword, "--mfa-device", "yubikey", "--otp", otp[..12]), new ScriptedInput().Line(otp));

        AssertProfileWritten(ws, result);
        Assert.Contains("the code from --otp or ONELOGIN_OTP is 12 characters and a YubiKey code is 44; it was not sent; touch the key.", result.Stderr);
        Assert.Contains("Touch your YubiKey (it types the code):", result.Stderr);
        Assert.Single(Verifies(ws));
    }

    [Fact]
    public async Task Unknown_keys_in_onelogin_aws_json_are_warned_about_with_a_did_you_mean()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig().WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId,
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["aws_regoin"] = "eu-west-1",
            ["colour"] = "blue",
            ["profiles"] = new Dictionary<string, object?>
            {
                ["dev"] = new Dictionary<string, object?> { ["aws_account_id"] = "333333333333", ["role_name"] = "Developer", ["aws_role_name"] = "Developer" },
            },
        });
        var file = Path.Combine(ws.ConfigDirectory, "onelogin.aws.json");

        var result = await ws.RunAsync("login", "-c", ws.ConfigDirectory, "-p", "dev", "-u", "demo@example.com", "--onelogin-password", "demo-password");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"warning: {file}: \"aws_regoin\" is not a setting and is ignored; did you mean \"aws_region\"?", result.Stderr);
        Assert.Contains($"warning: {file} (profile \"dev\"): \"role_name\" is not a setting and is ignored; did you mean \"aws_role_name\"?", result.Stderr);
        Assert.Contains($"warning: {file}: \"colour\" is not a setting and is ignored (known keys: app_id, subdomain,", result.Stderr);
        Assert.DoesNotContain("\"aws_account_id\" is not", result.Stderr);
    }

    [Theory]
    [InlineData("AWS_REGION", "eu-central-1", null, "eu-central-1")]
    [InlineData("AWS_DEFAULT_REGION", "ap-south-1", null, "ap-south-1")]
    [InlineData(null, null, "ca-central-1", "ca-central-1")]
    [InlineData(null, null, null, "us-west-2")]
    public async Task Enter_at_the_region_prompt_takes_the_region_the_aws_tools_already_use(string? variable, string? value, string? profileRegion, string expected)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        if (profileRegion is not null) new CredentialsFile(ws.CredentialsPath).WriteProfile("picked", [new("region", profileRegion)]);
        var environment = new Dictionary<string, string?>();
        if (variable is not null) environment[variable] = value;
        // AWS_REGION outranks AWS_DEFAULT_REGION, which outranks the profile's own region.
        if (variable == "AWS_REGION") environment["AWS_DEFAULT_REGION"] = "sa-east-1";
        if (variable is not null) new CredentialsFile(ws.CredentialsPath).WriteProfile("picked", [new("region", "me-south-1")]);

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "picked", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"),
            new ScriptedInput().Key(ConsoleKey.Enter), environment);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"AWS region: ({expected}):", result.Stderr);
        Assert.Equal(expected, new CredentialsFile(ws.CredentialsPath).ReadProfile("picked")!["region"]);
    }
}
