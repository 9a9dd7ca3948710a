using SamlAssume.Aws;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary>
/// Many roles without --max-parallel: as many STS calls at once as STS takes. Wide when nothing is throttled, halved at
/// a throttling answer, and every throttled call retried once by the one retry layer — never a refusal.
/// </summary>
public sealed class AdaptiveConcurrencyTests
{
    private static async Task<TestWorkspace> HundredRolesAsync()
    {
        var tenant = TenantJson.LoadDefault();
        var provider = tenant.Accounts[0];
        tenant.Accounts = Enumerable.Range(1, 10).Select(a => new SandboxAccount
        {
            AccountId = (100000000000L + a).ToString(),
            Alias = $"acct{a:00}",
            Roles = Enumerable.Range(1, 10).Select(r => new SandboxRole { Name = $"Role{r:00}" }).ToList(),
        }).ToList();
        var ws = await TestWorkspace.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) });
        ws.WithSdkConfig();
        ws.Sandbox.Faults.SetLatency(SandboxEndpoints.AssumeRoleWithSaml, TimeSpan.FromMilliseconds(100));
        return ws;
    }

    [Fact]
    public async Task Without_throttling_the_calls_go_wider_than_the_start_and_each_role_is_asked_once()
    {
        await using var ws = await HundredRolesAsync();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "--aws-region", "eu-west-1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(100, new CredentialsFile(ws.CredentialsPath).ProfileNames().Count);
        Assert.Equal(100, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.True(ws.Sandbox.Faults.PeakInFlight(SandboxEndpoints.AssumeRoleWithSaml) > SamlAssume.Login.AdaptiveConcurrency.Start,
            $"peak {ws.Sandbox.Faults.PeakInFlight(SandboxEndpoints.AssumeRoleWithSaml)} calls at once");
    }

    [Fact]
    public async Task An_sts_that_throttles_beyond_20_calls_costs_at_most_a_tenth_more_requests_and_every_role_arrives()
    {
        await using var ws = await HundredRolesAsync();
        ws.Sandbox.Faults.SetConcurrencyLimit(SandboxEndpoints.AssumeRoleWithSaml, 20);

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "--aws-region", "eu-west-1", "-v"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(100, new CredentialsFile(ws.CredentialsPath).ProfileNames().Count);
        var requests = ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml);
        Assert.True(requests is >= 101 and <= 110, $"{requests} AssumeRoleWithSAML requests for 100 roles\n{result}");
        Assert.Contains("STS throttled: concurrency halved", result.Stderr);
    }

    [Fact]
    public async Task An_explicit_max_parallel_is_a_fixed_limit()
    {
        await using var ws = await HundredRolesAsync();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "--aws-region", "eu-west-1", "--max-parallel", "4"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, ws.Sandbox.Faults.PeakInFlight(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task The_limit_grows_by_half_only_when_a_whole_round_has_answered_and_halves_once_at_a_throttling_answer()
    {
        const int start = SamlAssume.Login.AdaptiveConcurrency.Start, grown = start * 3 / 2, cut = grown / 2;
        var concurrency = new SamlAssume.Login.AdaptiveConcurrency();
        var round = new List<IDisposable>();
        for (var i = 0; i < start; i++) round.Add(await concurrency.EnterAsync(CancellationToken.None));
        var oneMore = concurrency.EnterAsync(CancellationToken.None);
        Assert.False(oneMore.IsCompleted);

        // Answers one by one free places at the same limit: growth waits for the whole round.
        foreach (var call in round.SkipLast(1))
        {
            SamlAssume.Login.AdaptiveConcurrency.Succeeded(call);
            call.Dispose();
        }
        Assert.Equal(start, concurrency.Limit);
        SamlAssume.Login.AdaptiveConcurrency.Succeeded(round[^1]);
        round[^1].Dispose();
        Assert.Equal(grown, concurrency.Limit);

        // Two throttling answers of calls sent in the same window cut once; the throttled call waits for a place.
        var next = new List<IDisposable> { await oneMore };
        for (var i = 1; i < grown; i++) next.Add(await concurrency.EnterAsync(CancellationToken.None));
        SamlAssume.Login.AdaptiveConcurrency.Track(next[0]);
        var firstRetry = SamlAssume.Login.AdaptiveConcurrency.ThrottledAsync(CancellationToken.None).AsTask();
        Assert.Equal(cut, concurrency.Limit);
        Assert.False(firstRetry.IsCompleted);
        await Task.Run(async () =>
        {
            SamlAssume.Login.AdaptiveConcurrency.Track(next[1]);
            await Task.WhenAny(SamlAssume.Login.AdaptiveConcurrency.ThrottledAsync(CancellationToken.None).AsTask(), Task.Delay(50));
        });
        Assert.Equal(cut, concurrency.Limit);
        Assert.Equal(1, concurrency.Cuts);

        // grown - 2 calls still hold places: the first retry gets the first place under the cut limit, before the second.
        var holding = next.Skip(2).ToList();
        foreach (var call in holding.Take(holding.Count - cut)) call.Dispose();
        Assert.False(firstRetry.IsCompleted);
        holding[holding.Count - cut].Dispose();
        await firstRetry.WaitAsync(TimeSpan.FromSeconds(5));
    }
}
