using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, items 5 and 7. A failure record answers only the herd that waited (FailurePathTests'
/// A_failure_is_shared_with_the_herd_that_waited_not_with_the_next_try) and clear-cache removes it. An MFA code is sent
/// once: GetSessionToken with --otp under STS connection resets is one request; AssumeRole at most 1 + 3.
/// </summary>
public sealed class CodesAndFailuresTests
{
    private const int AtMost = 1 + SamlAssume.Net.NetworkRetry.MaxRetries;

    /// <summary>A reset request is journaled when the sandbox notices the client left, a moment after the client's error.</summary>
    private static async Task<int> SettledCountAsync(TestWorkspace ws, string endpoint, int expected)
    {
        for (var i = 0; i < 100 && ws.Sandbox.Journal.Count(endpoint) < expected; i++) await Task.Delay(50);
        await Task.Delay(300);
        return ws.Sandbox.Journal.Count(endpoint);
    }

    [Fact]
    public async Task Clear_cache_removes_failure_records_for_one_profile_and_for_all()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        string[] process = ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory];
        var outcomes = Path.Combine(ws.CacheHome(), "samlassume", "outcomes");

        var wrong = await CliRun.RunAsync(ws, process, environment: ProfileSetup.Password("not-the-password"));
        Assert.Equal(ExitCodes.SignInRefused, wrong.ExitCode);
        Assert.Single(Directory.GetFiles(outcomes));

        var one = await CliRun.RunAsync(ws, ["clear-cache", "-p", ProfileSetup.Profile]);
        Assert.True(one.ExitCode == 0, one.ToString());
        Assert.Empty(Directory.GetFiles(outcomes));

        Assert.Equal(ExitCodes.SignInRefused, (await CliRun.RunAsync(ws, ["credential-process", "--profile", "sandbox-prod", "-c", ws.ConfigDirectory],
            environment: ProfileSetup.Password("not-the-password"))).ExitCode);
        Assert.Single(Directory.GetFiles(outcomes));
        var all = await CliRun.RunAsync(ws, ["clear-cache"]);
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Empty(Directory.GetFiles(outcomes));

        // The corrected password is sent at once.
        var right = await CliRun.RunAsync(ws, process, environment: ProfileSetup.Password("demo-password"));
        Assert.True(right.ExitCode == 0, right.ToString());
    }

    [Fact]
    public async Task GetSessionToken_with_a_code_is_sent_once_under_STS_connection_resets()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        ws.Sandbox.Faults.Add(SandboxEndpoints.GetSessionToken, new SandboxFault { ResetConnection = true, Times = 1000 });

        var result = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code());

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        Assert.Equal(1, await SettledCountAsync(ws, SandboxEndpoints.GetSessionToken, 2));
    }

    [Fact]
    public async Task AssumeRole_under_STS_connection_resets_costs_at_most_four_requests()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        Assert.Equal(0, (await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code())).ExitCode);
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRole, new SandboxFault { ResetConnection = true, Times = 1000 });

        var result = await ws.RunAsync("credential-process", "--profile", "dev-admin");

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        Assert.Equal(AtMost, await SettledCountAsync(ws, SandboxEndpoints.AssumeRole, AtMost + 1));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }
}
