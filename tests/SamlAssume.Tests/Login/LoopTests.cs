using SamlAssume.Aws;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary>
/// <c>-l/--loop</c> and <c>-t/--time</c> against the sandbox, with a clock that jumps to each wait's end: the sandbox
/// shares it, so assertions and credentials expire as they would over hours.
/// </summary>
public sealed class LoopTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    private static string[] LoopArgs(TestWorkspace ws, params string[] extra) =>
        ws.LoginArgs("demo@example.com", "demo-password", ["-p", "looped", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1", .. extra]);

    private static IReadOnlyList<string> IssuedKeys(TestWorkspace ws) => ws.Sandbox.Journal.Entries
        .Where(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml && e.StatusCode == 200)
        .Select(e => e.Fields["access_key_id"]).ToList();

    [Fact]
    public async Task Three_runs_every_15_minutes_rewrite_the_profile_each_time()
    {
        var clock = new AutoAdvancingClock(Start);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, LoopArgs(ws, "-l", "3", "-t", "15"), clock: clock);

        Assert.True(result.ExitCode == 0, result.ToString());
        var keys = IssuedKeys(ws);
        Assert.Equal(3, keys.Count);
        Assert.Equal(keys[^1], new CredentialsFile(ws.CredentialsPath).ReadProfile("looped")!["aws_access_key_id"]);
        Assert.Equal([TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)], clock.Waits);
        Assert.Contains("Next refresh (run 2 of 3) at", result.Stderr);
        Assert.Contains("Next refresh (run 3 of 3) at", result.Stderr);
        // The 5-minute assertion had expired each time: signed in again with the password held in memory.
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Survives_an_sts_outage_in_one_run_and_writes_fresh_credentials_in_the_next()
    {
        var clock = new AutoAdvancingClock(Start);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();
        var longWaits = 0;
        clock.Waited = wait =>
        {
            if (wait < TimeSpan.FromMinutes(10)) return;
            // Before run 2: STS goes down for the whole run (every retry). Before run 3: it is back.
            if (Interlocked.Increment(ref longWaits) == 1) ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(503) { Times = 1000 });
            else ws.Sandbox.Faults.Clear();
        };

        var result = await CliRun.RunAsync(ws, LoopArgs(ws, "-l", "3", "-t", "15"), clock: clock);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("run 2 of 3 failed (AWS STS", result.Stderr);
        Assert.Contains("retrying in 10 s", result.Stderr);
        Assert.Contains("run 2 of 3 failed: AWS STS", result.Stderr);
        Assert.Contains("the loop goes on", result.Stderr);
        var keys = IssuedKeys(ws);
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[1], new CredentialsFile(ws.CredentialsPath).ReadProfile("looped")!["aws_access_key_id"]);
        Assert.Contains(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml && e.StatusCode == 503);
    }

    [Fact]
    public async Task Loop_0_refreshes_ahead_of_expiry_until_interrupted()
    {
        var clock = new AutoAdvancingClock(Start);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();
        using var interrupt = new CancellationTokenSource();
        var longWaits = 0;
        clock.Waited = wait =>
        {
            if (wait >= TimeSpan.FromMinutes(10) && Interlocked.Increment(ref longWaits) == 3) interrupt.Cancel();
        };

        var result = await CliRun.RunAsync(ws, LoopArgs(ws, "-l", "0", "-z", "3600"), clock: clock, cancellationToken: interrupt.Token);

        Assert.Equal(130, result.ExitCode);
        Assert.Contains("samlassume: interrupted", result.Stderr);
        // 60-minute credentials: 80% of the lifetime (48 min) comes before 10 minutes ahead of expiry (50 min).
        Assert.All(clock.Waits.Where(w => w >= TimeSpan.FromMinutes(10)), w => Assert.Equal(TimeSpan.FromMinutes(48), w));
        var keys = IssuedKeys(ws);
        Assert.True(keys.Count >= 3, result.ToString());
        Assert.Equal(keys[^1], new CredentialsFile(ws.CredentialsPath).ReadProfile("looped")!["aws_access_key_id"]);
    }

    [Theory]
    [InlineData("-l", "3", "-t", "5")]
    [InlineData("-l", "3", "-t", "61")]
    [InlineData("-l", "-1")]
    public async Task Bad_loop_settings_are_usage_errors(params string[] flags)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(LoopArgs(ws, flags));

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_loop_needs_a_profile()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-l", "2", "-t", "15"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("-p/--profile", result.Stderr);
    }

    [AwsCliFact]
    public async Task The_AWS_CLI_uses_the_looped_profile()
    {
        var clock = new AutoAdvancingClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithSdkConfig();
        var loop = await CliRun.RunAsync(ws, LoopArgs(ws, "-l", "2", "-t", "15"), clock: clock);
        Assert.True(loop.ExitCode == 0, loop.ToString());

        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(ws.Home,
            new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = ws.CredentialsPath },
            "sts", "get-caller-identity", "--profile", "looped", "--endpoint-url", ws.Sandbox.BaseUrl.ToString(), "--output", "text", "--query", "Arn");

        Assert.True(exitCode == 0, stderr);
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com", stdout.Trim());
        Assert.Equal(IssuedKeys(ws)[^1], new CredentialsFile(ws.CredentialsPath).ReadProfile("looped")!["aws_access_key_id"]);
    }
}
