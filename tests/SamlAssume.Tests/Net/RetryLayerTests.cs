using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Net;

/// <summary>
/// Exactly one retry layer per remote call, counted at the sandbox: a connection STS or OneLogin's token endpoint
/// resets every time costs 1 + <see cref="NetworkRetry.MaxRetries"/> = 4 requests, never a product of layers
/// (the AWS SDK's retries inside Polly's, or the loop's around both).
/// </summary>
public sealed class RetryLayerTests
{
    private const int AtMost = 1 + NetworkRetry.MaxRetries;

    private static readonly string[] Role = ["--aws-account-id", "222222222222", "--aws-role-name", "ReadOnly"];

    /// <summary>A reset request is journaled when the sandbox notices the client left, a moment after the client's error.</summary>
    private static async Task<int> SettledCountAsync(TestWorkspace ws, string endpoint, int expected)
    {
        for (var i = 0; i < 100 && ws.Sandbox.Journal.Count(endpoint) < expected; i++) await Task.Delay(50);
        await Task.Delay(200);
        return ws.Sandbox.Journal.Count(endpoint);
    }

    [Theory]
    [InlineData(SandboxEndpoints.AssumeRoleWithSaml)]
    [InlineData(SandboxEndpoints.Token)]
    public async Task A_connection_reset_every_time_costs_at_most_four_requests(string endpoint)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Faults.Add(endpoint, new SandboxFault { ResetConnection = true, Times = 1000 });

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role]));

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        Assert.Equal(AtMost, await SettledCountAsync(ws, endpoint, AtMost));
    }

    [Fact]
    public async Task A_loop_run_whose_sts_resets_every_time_costs_at_most_four_requests()
    {
        var clock = new AutoAdvancingClock(new DateTimeOffset(2026, 11, 22, 2, 0, 0, TimeSpan.Zero));
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();
        var longWaits = 0;
        clock.Waited = wait =>
        {
            if (wait < TimeSpan.FromMinutes(10)) return;
            // Before run 2: every STS connection is reset for the whole run. Before run 3: STS is back.
            if (Interlocked.Increment(ref longWaits) == 1) ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { ResetConnection = true, Times = 1000 });
            else ws.Sandbox.Faults.Clear();
        };

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password",
            ["-p", "looped", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1", "-l", "3", "-t", "15"]), clock: clock);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("run 2 of 3 failed (could not reach AWS STS", result.Stderr);
        await SettledCountAsync(ws, SandboxEndpoints.AssumeRoleWithSaml, 2 + 1 + LoginLoopRetries);
        var sts = ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml).ToList();
        var failedRun = sts.Count(e => e.Fields.TryGetValue("fault", out var fault) && fault == "reset");
        Assert.Equal(2, sts.Count(e => e.Fields.ContainsKey("access_key_id")));
        // The loop's backoff (1 + 2 tries) is the only layer in a later run: STS's own retries are off then.
        Assert.InRange(failedRun, 1, AtMost);
        Assert.Equal(1 + LoginLoopRetries, failedRun);
    }

    private static int LoginLoopRetries => LoginLoop.RetryBackoff.Length;
}
