using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SamlAssume.Aws;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary>The whole login through the real command line against the sandbox: success paths.</summary>
public sealed class LoginTests
{
    [Fact]
    public async Task Writes_a_profile_that_the_AWS_SDK_can_use()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password",
            "-p", "work", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "eu-west-1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("", result.Stdout);
        Assert.Contains("Wrote profile [work]", result.Stderr);
        var profile = new CredentialsFile(ws.CredentialsPath).ReadProfile("work");
        Assert.NotNull(profile);
        Assert.StartsWith("ASIA", profile["aws_access_key_id"]);
        Assert.Equal(profile["aws_session_token"], profile["aws_security_token"]);
        Assert.Equal("eu-west-1", profile["region"]);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", profile["aws_session_expiration"]);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ws.CredentialsPath));
        }

        var arn = await CallerIdentityArnAsync(ws, profile);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com", arn);
    }

    [Fact]
    public async Task Without_a_profile_prints_only_exports_on_stdout()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "--aws-region", "us-east-2"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.All(lines, l => Assert.Matches(@"^export AWS_[A-Z_]+='[^']*'$", l));
        var names = lines.Select(l => l["export ".Length..l.IndexOf('=')]).ToList();
        Assert.Equal(["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_SESSION_EXPIRATION", "AWS_CREDENTIAL_EXPIRATION", "AWS_REGION", "AWS_DEFAULT_REGION"], names);
        Assert.Contains("export AWS_REGION='us-east-2'", result.Stdout);
        Assert.False(File.Exists(ws.CredentialsPath));
        // The only role was taken without a prompt and without flags.
        Assert.Contains("assumed-role/ReadOnly", result.Stderr);
    }

    [Fact]
    public async Task Reads_role_values_in_either_order()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("reversed@example.com", "reversed-password", "-p", "r", "--aws-account-id", "333333333333"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("arn:aws:sts::333333333333:assumed-role/Developer/", result.Stderr);
    }

    [Fact]
    public async Task Saml_api_version_1_signs_in_through_the_v1_endpoints()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "--saml-api-version", "1", "-p", "v1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.SamlAssertion && e.Fields.GetValueOrDefault("api_version") == "1");
        Assert.DoesNotContain(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.SamlAssertion && e.Fields.GetValueOrDefault("api_version") == "2");
    }

    [Fact]
    public async Task Authenticator_code_from_otp_flag_completes_mfa()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

        var result = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", "--otp", code, "-p", "otp", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
    }

    [Fact]
    public async Task Authenticator_code_from_ONELOGIN_OTP_completes_mfa()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("otp@example.com", "otp-password", "-p", "otp", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"),
            environment: new Dictionary<string, string?> { ["ONELOGIN_OTP"] = code });

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Settings_come_from_config_files_with_profile_entries_overriding_globals()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig().WithAwsConfig(new()
        {
            ["app_id"] = long.Parse(ws.AppId), // the Python tool's files hold numbers as often as strings
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["username"] = "demo@example.com",
            ["duration"] = "",
            ["aws_region"] = "us-west-1",
            ["aws_account_id"] = "111111111111",
            ["aws_role_name"] = "ReadOnly",
            ["profiles"] = new Dictionary<string, object?>
            {
                ["staging-admin"] = new Dictionary<string, object?> { ["aws_account_id"] = "222222222222", ["aws_role_name"] = "Admin", ["aws_region"] = "eu-central-1" },
            },
        });
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"222222222222\": Staging\n");

        var result = await CliRun.RunAsync(ws, ["-c", ws.ConfigDirectory, "-p", "staging-admin"],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var profile = new CredentialsFile(ws.CredentialsPath).ReadProfile("staging-admin")!;
        Assert.Equal("eu-central-1", profile["region"]);
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Admin/", result.Stderr);

        // The command line beats the profile entry.
        var flagged = await CliRun.RunAsync(ws, ["-c", ws.ConfigDirectory, "-p", "staging-admin", "--aws-role-name", "Developer"],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password" });
        Assert.True(flagged.ExitCode == 0, flagged.ToString());
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Developer/", flagged.Stderr);
    }

    [Fact]
    public async Task Config_is_found_in_the_home_onelogin_directory()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var homeConfig = Path.Combine(ws.Home, ".onelogin");
        Directory.CreateDirectory(homeConfig);
        File.Move(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), Path.Combine(homeConfig, "onelogin.sdk.json"));

        var result = await ws.RunAsync("-u", "solo@example.com", "--onelogin-password", "solo-password", "-a", ws.AppId, "-d", "sandbox", "-p", "home");

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    internal static async Task<string> CallerIdentityArnAsync(TestWorkspace ws, IReadOnlyDictionary<string, string> profile)
    {
        using var sts = new AmazonSecurityTokenServiceClient(
            new SessionAWSCredentials(profile["aws_access_key_id"], profile["aws_secret_access_key"], profile["aws_session_token"]),
            new AmazonSecurityTokenServiceConfig { ServiceURL = ws.Sandbox.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", IgnoreConfiguredEndpointUrls = true });
        return (await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn;
    }
}
