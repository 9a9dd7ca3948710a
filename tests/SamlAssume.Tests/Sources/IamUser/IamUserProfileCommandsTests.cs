using SamlAssume.Cli;
using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// env, exec and credential-process for role profiles of ~/.aws/config that lead to an IAM user's keys: no OneLogin
/// configuration at all, one MFA session shared by every profile, each profile's credentials cached under its name.
/// </summary>
public sealed class IamUserProfileCommandsTests
{
    [Fact]
    public async Task Env_then_credential_process_then_exec_share_one_session_and_need_one_code()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var code = new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() };
        var dump = Path.Combine(ws.Root, "env.txt");

        var env = await CliRun.RunAsync(ws, ["env", "--profile", "dev-admin"], environment: code);
        var process = await ws.RunAsync("credential-process", "--profile", "prod-readonly");
        var exec = await ws.RunAsync("exec", "-p", "staging-dev", "--", "/bin/sh", "-c", $"env > '{dump}'");

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("export AWS_ACCESS_KEY_ID='ASIA", env.Stdout);
        Assert.Contains("export AWS_REGION='eu-west-1'", env.Stdout);
        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.Equal(1, JsonDocument.Parse(process.Stdout).RootElement.GetProperty("Version").GetInt32());
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.Contains("AWS_SESSION_TOKEN=", File.ReadAllText(dump));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(["arn:aws:iam::333333333333:role/Admin", "arn:aws:iam::111111111111:role/ReadOnly", "arn:aws:iam::222222222222:role/Developer"],
            ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRole).Select(e => e.Fields["role_arn"]));
        Assert.True(File.Exists(ws.CachedCredentialsPath("dev-admin")));
    }

    [Fact]
    public async Task Twenty_concurrent_credential_process_calls_with_a_wrong_code_send_exactly_one_GetSessionToken()
    {
        // The same cache-and-lock path as OneLogin's profiles: the first refresh's rejected code is shared with the
        // herd that waited on the lock, never sent again by the others (AWS takes a code once; 20 tries would lock MFA).
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var wrong = new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.WrongCode() };
        // Long enough that all twenty are waiting before the first fails (a process that starts later tries again).
        ws.Sandbox.Faults.SetLatency(SandboxEndpoints.GetSessionToken, TimeSpan.FromSeconds(2));

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() =>
            CliRun.RunAsync(ws, ["credential-process", "--profile", i % 2 == 0 ? "dev-admin" : "prod-readonly"], environment: wrong))));

        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.MfaFailed, r.ToString()));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(0, ws.Count(SandboxEndpoints.AssumeRole));
        Assert.Equal(19, results.Count(r => r.Stderr.Contains("from another samlassume", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Cached_role_credentials_are_served_by_the_credential_process_fast_path_as_a_child_process()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        Assert.Equal(0, (await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "--otp", IamUserSetup.Code())).ExitCode);

        var child = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?>(), "credential-process", "--profile", "dev-admin");

        Assert.True(child.ExitCode == 0, child.ToString());
        Assert.Equal(JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath("dev-admin"))).RootElement.GetProperty("AccessKeyId").GetString(),
            JsonDocument.Parse(child.Stdout).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.AssumeRole));
    }
}
