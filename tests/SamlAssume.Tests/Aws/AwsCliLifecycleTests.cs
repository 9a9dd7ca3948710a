using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Aws;

/// <summary>
/// The README's ~/.aws/config, run by the real AWS CLI: credential_process, and hub-and-spoke profiles
/// (role_arn + source_profile) whose AssumeRole is signed with the credential_process credentials.
/// </summary>
public sealed class AwsCliLifecycleTests
{
    private static (string ConfigFile, Dictionary<string, string> Environment) Setup(TestWorkspace ws)
    {
        ws.WithProfiles();
        var command = $"{ProfileSetup.ToolCommand} credential-process --profile {ProfileSetup.Profile} -c \"{ws.ConfigDirectory}\"";
        var config = Path.Combine(ws.Root, "aws-config");
        File.WriteAllText(config, $"""
            [profile hub]
            credential_process = {command}
            region = eu-west-1

            [profile spoke]
            role_arn = arn:aws:iam::222222222222:role/Admin
            source_profile = hub
            role_session_name = jane
            region = eu-west-1
            """);
        var environment = new Dictionary<string, string>
        {
            ["AWS_CONFIG_FILE"] = config,
            ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(ws.Root, "no-credentials"),
            ["AWS_DATA_PATH"] = AwsCliEndpointRules.Write(ws.Root, ws.Sandbox.BaseUrl),
            // Read by samlassume (the child of the AWS CLI), not by CLI 2.9 itself.
            ["AWS_ENDPOINT_URL_STS"] = ws.Sandbox.BaseUrl.ToString(),
            ["XDG_CACHE_HOME"] = ws.CacheHome(),
            ["ONELOGIN_PASSWORD"] = "demo-password",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        };
        return (config, environment);
    }

    private static string Arn(string stdout)
    {
        using var identity = JsonDocument.Parse(stdout);
        return identity.RootElement.GetProperty("Arn").GetString()!;
    }

    [AwsCliFact]
    public async Task The_AWS_CLI_runs_credential_process_and_three_at_once_sign_in_once()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var (_, environment) = Setup(ws);

        var runs = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ =>
            AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "hub", "--output", "json")));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
        Assert.All(runs, r => Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", Arn(r.Stdout)));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.GetCallerIdentity));
    }

    [AwsCliFact]
    public async Task Hub_and_spoke_profiles_assume_their_role_with_the_credential_process_credentials()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var (_, environment) = Setup(ws);

        var spoke = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "spoke", "--output", "json");

        Assert.True(spoke.ExitCode == 0, spoke.Stderr);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Admin/jane", Arn(spoke.Stdout));
        var assumeRole = Assert.Single(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.AssumeRole);
        Assert.Equal(200, assumeRole.StatusCode);
        // The AssumeRole call was signed with exactly what credential_process cached for the hub.
        using var cached = JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath()));
        Assert.Equal(cached.RootElement.GetProperty("AccessKeyId").GetString(), assumeRole.Fields["caller_access_key_id"]);
    }

    [AwsCliFact]
    public async Task A_failing_credential_process_shows_its_one_line_error_in_the_AWS_CLI()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var (_, environment) = Setup(ws);
        environment.Remove("ONELOGIN_PASSWORD");

        var run = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--profile", "hub");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("no valid cached credentials for [sandbox-dev] and no terminal", run.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }
}
