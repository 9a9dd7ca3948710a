using System.Text.Json;
using SamlAssume.Keyring;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// awscli_bastion's main use, run by the real AWS CLI 2.9: <c>[profile bastion-sts]</c> with
/// <c>credential_process = samlassume session-token --source-profile bastion</c>, and role profiles with
/// <c>source_profile = bastion-sts</c> that the AWS CLI assumes itself, signed with our MFA session.
/// </summary>
public sealed class IamUserAwsCliTests
{
    private static Dictionary<string, string> Setup(TestWorkspace ws, string? code, bool keysInCredentialsFile = true)
    {
        var command = $"\"{ProfileSetup.DotnetHost}\" \"{ProfileSetup.ToolDll}\" session-token --source-profile bastion";
        ws.WithBastion(command, keysInCredentialsFile: keysInCredentialsFile);
        var environment = new Dictionary<string, string>
        {
            ["AWS_CONFIG_FILE"] = ws.ConfigPath(),
            ["AWS_SHARED_CREDENTIALS_FILE"] = ws.CredentialsPath,
            ["AWS_DATA_PATH"] = AwsCliEndpointRules.Write(ws.Root, ws.Sandbox.BaseUrl),
            // Read by samlassume (the child of the AWS CLI), not by CLI 2.9 itself.
            ["AWS_ENDPOINT_URL_STS"] = ws.Sandbox.BaseUrl.ToString(),
            ["XDG_CACHE_HOME"] = ws.CacheHome(),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        if (code is not null) environment["AWS_MFA_CODE"] = code;
        return environment;
    }

    private static string Arn(string stdout)
    {
        using var identity = JsonDocument.Parse(stdout);
        return identity.RootElement.GetProperty("Arn").GetString()!;
    }

    /// <summary>
    /// The sandbox's time stands still, so the code computed before three AWS CLIs and three .NET processes start
    /// (tens of seconds on a loaded machine) is still the current one when it reaches STS.
    /// </summary>
    private sealed class StillClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    [AwsCliFact]
    public async Task The_aws_cli_assumes_role_profiles_from_our_session_and_three_at_once_share_one_code()
    {
        var clock = new StillClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        var environment = Setup(ws, IamUserSetup.Code(clock));

        var runs = await Task.WhenAll(new[] { "dev-admin", "prod-readonly", "bastion-sts" }.Select(profile =>
            AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", profile, "--output", "json")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.Equal(["arn:aws:sts::333333333333:assumed-role/Admin/alice", "arn:aws:sts::111111111111:assumed-role/ReadOnly/alice", "arn:aws:iam::444444444444:user/alice"],
            runs.Select(r => Arn(r.Stdout)));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        // Both AssumeRole calls the AWS CLI made were signed with the session samlassume cached.
        var session = JsonDocument.Parse(File.ReadAllText(Path.Combine(ws.CacheHome(), "samlassume", "sessions", "bastion.json"))).RootElement.GetProperty("AccessKeyId").GetString();
        Assert.All(ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRole), e => Assert.Equal(session, e.Fields["caller_access_key_id"]));

        // A later command: the session comes from our cache, no code is needed any more.
        environment.Remove("AWS_MFA_CODE");
        var later = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "bastion-sts", "--output", "json");
        Assert.True(later.ExitCode == 0, later.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [AwsCliFact]
    public async Task A_wrong_code_shows_our_one_line_error_in_the_aws_cli_and_reaches_sts_once()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var environment = Setup(ws, IamUserSetup.WrongCode());

        var run = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "dev-admin");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains($"samlassume: error: AWS STS refused the MFA code for {SandboxUsers.Alice.MfaSerial}", run.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(0, ws.Count(SandboxEndpoints.AssumeRole));
    }

    [KeyringFact(awsCli: true)]
    public async Task The_aws_cli_works_with_the_keys_only_in_the_keyring_and_a_credentials_file_without_them()
    {
        var clock = new StillClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        await using var keyring = await KeyringDaemon.StartAsync();
        var environment = Setup(ws, IamUserSetup.Code(clock), keysInCredentialsFile: false);
        // What a desktop session gives the AWS CLI, and so its credential_process child.
        environment[SystemKeyring.BusAddressVariable] = keyring.Address;
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion", "--keyring"], environment: keyring.Environment,
            stdin: SandboxUsers.Alice.AccessKeyId + "\n" + SandboxUsers.Alice.SecretAccessKey + "\n");
        Assert.True(init.ExitCode == 0, init.ToString());

        var role = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "dev-admin", "--output", "json");
        var user = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "bastion-sts", "--output", "json");

        Assert.True(role.ExitCode == 0, role.Stderr);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice", Arn(role.Stdout));
        Assert.True(user.ExitCode == 0, user.Stderr);
        Assert.Equal("arn:aws:iam::444444444444:user/alice", Arn(user.Stdout));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal("", File.ReadAllText(ws.CredentialsPath));
    }
}
