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
        Assert.True(ws.Sandbox.Faults.PeakInFlight(SandboxEndpoints.AssumeRoleWithSaml) > 16,
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
        Assert.InRange(requests, 101, 110);
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
}
