using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Net;

/// <summary>
/// The sandbox's fault injection through the real command line: what is retried (the token call, STS), what never is
/// (the password and MFA calls), and that each ends in success or one line with exit 6. Call counts come from the
/// sandbox's journal.
/// </summary>
public sealed class NetworkFaultTests
{
    private static readonly string[] Role = ["--aws-account-id", "222222222222", "--aws-role-name", "ReadOnly"];

    private static async Task<(TestWorkspace Ws, CliResult Result)> LoginAsync(Action<SandboxFaults> faults, params string[] extra)
    {
        var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        faults(ws.Sandbox.Faults);
        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, .. extra]));
        return (ws, result);
    }

    private static void AssertSucceeded(CliResult result, TestWorkspace ws)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(new CredentialsFile(ws.CredentialsPath).ReadProfile("x"));
    }

    private static void AssertNetworkFailure(CliResult result, TestWorkspace ws, string expectedText)
    {
        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)).ToList();
        Assert.Single(errors);
        Assert.Contains(expectedText, errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("   at ", result.Stderr);
        Assert.False(File.Exists(ws.CredentialsPath), "nothing may be written on failure");
    }

    /// <summary>A hung or reset request is journaled when the sandbox notices the client left, a moment after the client's error.</summary>
    private static async Task<int> SettledCountAsync(TestWorkspace ws, string endpoint, int expected)
    {
        for (var i = 0; i < 100 && ws.Sandbox.Journal.Count(endpoint) < expected; i++) await Task.Delay(50);
        return ws.Sandbox.Journal.Count(endpoint);
    }

    [Fact]
    public async Task A_429_with_retry_after_on_the_token_call_is_waited_out_then_succeeds()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(429) { RetryAfter = TimeSpan.FromSeconds(1) }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
        // The wait is the server's Retry-After, not the (shorter) backoff.
        Assert.Contains("retry 1 of 3 in 1.0 s", result.Stderr);
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_cap_fails_at_once_saying_when_to_retry()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(429) { RetryAfter = TimeSpan.FromSeconds(120) }));
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "try again in 120 s");
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task A_burst_of_500s_on_the_token_call_is_retried_three_times_then_succeeds()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(500) { Times = 3 }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task Four_500s_on_the_token_call_give_up_with_exit_6_and_never_reach_the_password_call()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(503) { Times = 10 }));
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "server error");
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_hung_token_endpoint_times_out_each_try_and_exits_6()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault { Hang = true, Times = 10 }), "--http-timeout", "1");
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "did not answer within 1 s");
        Assert.Equal(4, await SettledCountAsync(ws, SandboxEndpoints.Token, 4));
    }

    [Fact]
    public async Task A_connection_reset_on_the_token_call_is_retried()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault { ResetConnection = true, Times = 2 }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(3, await SettledCountAsync(ws, SandboxEndpoints.Token, 3));
    }

    [Fact]
    public async Task A_proxys_html_502_page_on_the_token_call_is_retried()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(502) { HtmlBody = true, Times = 2 }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task A_captive_portals_html_200_page_is_not_retried()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.Token, new SandboxFault(200) { HtmlBody = true, Times = 10 }));
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "HTML page");
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Theory]
    [InlineData(500, false, false)]
    [InlineData(429, false, false)]
    [InlineData(0, true, false)]
    [InlineData(0, false, true)]
    public async Task The_password_call_is_sent_exactly_once_whatever_fails(int status, bool reset, bool hang)
    {
        var fault = status > 0 ? new SandboxFault(status) { Times = 10 } : new SandboxFault { ResetConnection = reset, Hang = hang, Times = 10 };
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.SamlAssertion, fault), "--http-timeout", "1");
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "");
        Assert.Equal(1, await SettledCountAsync(ws, SandboxEndpoints.SamlAssertion, 1));
        await Task.Delay(200); // nothing more arrives later either
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task The_mfa_call_is_sent_exactly_once_on_a_server_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Faults.Add(SandboxEndpoints.VerifyFactor, new SandboxFault(500) { Times = 10 });
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);

        var result = await ws.RunAsync(ws.LoginArgs("otp@example.com", "otp-password", ["--otp", code, "-p", "x", "--aws-account-id", "333333333333", "--aws-role-name", "Admin"]));

        AssertNetworkFailure(result, ws, "server error");
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    [InlineData(400)] // STS throttles with 400 Throttling
    public async Task Sts_server_errors_and_throttling_are_retried_then_succeed(int status)
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(status) { Times = 2 }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Sts_failing_every_time_is_tried_four_times_then_exits_6()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(500) { Times = 10 }));
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "AWS STS");
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_hung_sts_times_out_and_exits_6()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { Hang = true, Times = 10 }), "--http-timeout", "1");
        await using var _ = ws;

        AssertNetworkFailure(result, ws, "AWS STS");
        Assert.True(4 == await SettledCountAsync(ws, SandboxEndpoints.AssumeRoleWithSaml, 4), result + string.Join("\n", ws.Sandbox.Journal.Entries.Select(e => $"{e.Endpoint} {e.StatusCode} {e.Time:HH:mm:ss.fff} {string.Join(",", e.Fields)}")));
    }

    [Fact]
    public async Task A_reset_sts_connection_is_retried()
    {
        var (ws, result) = await LoginAsync(f => f.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { ResetConnection = true }));
        await using var _ = ws;

        AssertSucceeded(result, ws);
        Assert.Equal(2, await SettledCountAsync(ws, SandboxEndpoints.AssumeRoleWithSaml, 2));
    }

    [Fact]
    public async Task Sts_refusing_the_role_is_not_retried()
    {
        // prod's Admin role does not trust the SAML provider: STS answers AccessDenied, a refusal, not a fault.
        var tenant = TenantJson.LoadDefault();
        tenant.Accounts.Single(a => a.AccountId == "111111111111").Roles.Single(r => r.Name == "Admin").TrustsSaml = false;
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) });
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "111111111111", "--aws-role-name", "Admin"));

        Assert.Equal(ExitCodes.AwsRefused, result.ExitCode);
        Assert.Contains("AccessDenied", result.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task The_timeouts_reach_the_handler_used_for_onelogin_and_sts()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var seen = new System.Collections.Concurrent.ConcurrentBag<HttpTransport>();

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, "--connect-timeout", "3", "--http-timeout", "7"]),
            httpHandlerFactory: t => { seen.Add(t); return HttpTransport.CreateHandler(t); });

        AssertSucceeded(result, ws);
        Assert.Equal(2, seen.Count); // one for OneLogin, one for STS
        Assert.All(seen, t => Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(7)), (t.ConnectTimeout, t.RequestTimeout)));
        var handler = Assert.IsType<SocketsHttpHandler>(HttpTransport.CreateHandler(seen.First()));
        Assert.Equal(TimeSpan.FromSeconds(3), handler.ConnectTimeout);
    }

    [Theory]
    [InlineData("--connect-timeout", "0")]
    [InlineData("--connect-timeout", "601")]
    [InlineData("--http-timeout", "0")]
    public async Task Timeouts_out_of_range_are_usage_errors(string option, string value)
    {
        var (ws, result) = await LoginAsync(_ => { }, option, value);
        await using var _ = ws;

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(option, result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }
}
