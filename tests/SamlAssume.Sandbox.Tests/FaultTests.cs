using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox.Tests;

public sealed class FaultTests
{
    [Fact]
    public async Task Rate_limit_fault_sends_429_with_retry_after_then_recovers()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault(429) { RetryAfter = TimeSpan.FromSeconds(7) });
        using var calls = new SandboxCalls(sandbox);
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/oauth2/v2/token") { Content = SandboxCalls.Json(new JsonObject { ["grant_type"] = "client_credentials" }) };
        using var response = await calls.Http.SendAsync(request);
        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter!.Delta);
        Assert.Equal("7", response.Headers.GetValues("X-RateLimit-Reset").Single());
        Assert.False(string.IsNullOrEmpty(await calls.TokenAsync()));
        Assert.Equal([429, 200], sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.Token).Select(e => e.StatusCode));
    }

    [Fact]
    public async Task Server_error_fault_uses_the_endpoint_shape_for_its_times()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var token = await calls.TokenAsync();
        sandbox.Faults.Add(SandboxEndpoints.SamlAssertion, new SandboxFault(500, Times: 2));
        var (s1, b1) = await calls.SamlAssertionAsync("demo@example.com", "demo-password", token: token);
        Assert.Equal(500, s1);
        Assert.Equal(500, b1["statusCode"]!.GetValue<int>());
        Assert.Equal(500, (await calls.SamlAssertionAsync("demo@example.com", "demo-password", token: token)).Status);
        Assert.Equal(200, (await calls.SamlAssertionAsync("demo@example.com", "demo-password", token: token)).Status);
    }

    [Fact]
    public async Task Sts_faults_are_xml_error_responses()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(503));
        var (status, xml) = await calls.AssumeAsync("AAAA", Arns.Role("111111111111", "Admin"), Arns.Provider("111111111111"));
        Assert.Equal(503, status);
        Assert.Equal("ServiceUnavailable", StsXmlReading.ErrorCode(xml));
    }

    [Fact]
    public async Task Html_fault_looks_like_a_proxy_page()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault(502) { HtmlBody = true });
        using var calls = new SandboxCalls(sandbox);
        using var response = await calls.Http.PostAsync("auth/oauth2/v2/token", SandboxCalls.Json(new JsonObject()));
        Assert.Equal(502, (int)response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("<h1>502 Bad Gateway</h1>", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Reset_fault_drops_the_connection()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault { ResetConnection = true });
        using var calls = new SandboxCalls(sandbox);
        await Assert.ThrowsAsync<HttpRequestException>(() => calls.TokenAsync());
        Assert.False(string.IsNullOrEmpty(await calls.TokenAsync()));
    }

    [Fact]
    public async Task Hang_fault_never_answers_until_the_client_gives_up()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault { Hang = true });
        using var calls = new SandboxCalls(sandbox, timeout: TimeSpan.FromMilliseconds(300));
        var started = DateTimeOffset.UtcNow;
        await Assert.ThrowsAsync<TaskCanceledException>(() => calls.TokenAsync());
        Assert.InRange(DateTimeOffset.UtcNow - started, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Latency_delays_answers()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        sandbox.Faults.SetLatency(SandboxEndpoints.Token, TimeSpan.FromMilliseconds(300));
        using var calls = new SandboxCalls(sandbox);
        var started = DateTimeOffset.UtcNow;
        await calls.TokenAsync();
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromMilliseconds(280));
        sandbox.Faults.Clear();
        started = DateTimeOffset.UtcNow;
        await calls.TokenAsync();
        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromMilliseconds(280));
    }

    [Fact]
    public async Task Faults_can_come_from_the_tenant_json()
    {
        var tenant = TenantJson.LoadDefault() with
        {
            Faults = [new SandboxFaultSpec { Endpoint = SandboxEndpoints.Token, StatusCode = 429, RetryAfterSeconds = 2 }],
        };
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) });
        using var calls = new SandboxCalls(sandbox);
        await Assert.ThrowsAsync<HttpRequestException>(() => calls.TokenAsync());
        Assert.False(string.IsNullOrEmpty(await calls.TokenAsync()));
    }
}
