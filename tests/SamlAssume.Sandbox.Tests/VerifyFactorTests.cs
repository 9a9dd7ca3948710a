using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox.Tests;

public sealed class VerifyFactorTests
{
    private static async Task<(SandboxServer Sandbox, SandboxCalls Calls, FakeTimeProvider Clock, string Token)> StartAsync(string? tenantJson = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock, TenantJson = tenantJson });
        var calls = new SandboxCalls(sandbox);
        return (sandbox, calls, clock, await calls.TokenAsync());
    }

    private static async Task<string> StateTokenAsync(SandboxCalls calls, string token, string user, string password, int version = 2)
    {
        var (_, body) = await calls.SamlAssertionAsync(user, password, version, token);
        return version == 2 ? body["state_token"]!.GetValue<string>() : body["data"]![0]!["state_token"]!.GetValue<string>();
    }

    private static void AssertPendingV2(int status, JsonObject body)
    {
        Assert.Equal(200, status);
        Assert.Contains("Authentication pending", body["message"]!.GetValue<string>());
        Assert.Null(body["data"]);
    }

    [Fact]
    public async Task Push_is_pending_until_approved_then_gives_the_assertion_once()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var _ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password");

        var (s1, b1) = await calls.VerifyAsync(state, 6001, token: token);
        AssertPendingV2(s1, b1);
        var (s2, b2) = await calls.VerifyAsync(state, 6001, doNotNotify: true, token: token);
        AssertPendingV2(s2, b2);

        clock.Advance(TimeSpan.FromSeconds(1));
        var (s3, b3) = await calls.VerifyAsync(state, 6001, doNotNotify: true, token: token);
        Assert.Equal(200, s3);
        Assert.Equal("Success", b3["message"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(b3["data"]!.GetValue<string>()));

        // Single use after success.
        var (s4, b4) = await calls.VerifyAsync(state, 6001, doNotNotify: true, token: token);
        Assert.Equal(401, s4);
        Assert.Equal("State token is invalid or expired", b4["message"]!.GetValue<string>());
        Assert.Equal(4, sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.Equal("6001", sandbox.Journal.Entries.Last().Fields["device_id"]);
    }

    [Fact]
    public async Task Push_in_v1_reports_pending_status_type()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var _ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password", version: 1);
        var (status, body) = await calls.VerifyAsync(state, 6001, version: 1, token: token);
        Assert.Equal(200, status);
        Assert.Equal("pending", body["status"]!["type"]!.GetValue<string>());
        Assert.False(body["status"]!["error"]!.GetValue<bool>());
        Assert.Null(body["data"]);
        clock.Advance(TimeSpan.FromSeconds(2));
        var (_, done) = await calls.VerifyAsync(state, 6001, doNotNotify: true, version: 1, token: token);
        Assert.Equal("success", done["status"]!["type"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(done["data"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Denied_push_fails_with_401()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var _ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "push-deny@example.com", "push-deny-password");
        var (sentStatus, sentBody) = await calls.VerifyAsync(state, 7001, token: token);
        AssertPendingV2(sentStatus, sentBody);
        clock.Advance(TimeSpan.FromSeconds(5));
        var (status, body) = await calls.VerifyAsync(state, 7001, doNotNotify: true, token: token);
        Assert.Equal(401, status);
        Assert.Equal("Failed authentication with this factor", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unanswered_push_stays_pending()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var _ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "push-never@example.com", "push-never-password");
        await calls.VerifyAsync(state, 7002, token: token);
        clock.Advance(TimeSpan.FromSeconds(120));
        var (status, body) = await calls.VerifyAsync(state, 7002, doNotNotify: true, token: token);
        AssertPendingV2(status, body);
    }

    [Fact]
    public async Task Sms_sends_a_code_then_checks_it()
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password");
        Assert.Null(sandbox.Journal.LastCodeSent("mfa@example.com", 6002));

        var (s1, b1) = await calls.VerifyAsync(state, 6002, token: token);
        AssertPendingV2(s1, b1);
        var code = sandbox.Journal.LastCodeSent("mfa@example.com", 6002);
        Assert.Matches("^[0-9]{6}$", code!);

        var wrong = code == "000000" ? "000001" : "000000";
        var (s2, b2) = await calls.VerifyAsync(state, 6002, otp: wrong, token: token);
        Assert.Equal(401, s2);
        Assert.Equal("Failed authentication with this factor", b2["message"]!.GetValue<string>());

        var (s3, b3) = await calls.VerifyAsync(state, 6002, otp: code, token: token);
        Assert.Equal(200, s3);
        Assert.NotNull(b3["data"]);
        Assert.DoesNotContain(sandbox.Journal.Entries, e => e.Fields.Values.Contains(code));
    }

    [Theory]
    [InlineData(6005L)]
    [InlineData(6006L)]
    public async Task Email_and_voice_work_like_sms(long deviceId)
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password");
        await calls.VerifyAsync(state, deviceId, token: token);
        var (status, _) = await calls.VerifyAsync(state, deviceId, otp: sandbox.Journal.LastCodeSent("mfa@example.com", deviceId), token: token);
        Assert.Equal(200, status);
    }

    [Fact]
    public async Task Totp_accepts_current_code_and_neighbours_but_not_far_ones()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var now = clock.GetUtcNow();

        var state = await StateTokenAsync(calls, token, "otp@example.com", "otp-password");
        var (far, farBody) = await calls.VerifyAsync(state, 5001, otp: Totp.Compute("JBSWY3DPEHPK3PXP", now.AddMinutes(-5)), token: token);
        Assert.Equal(401, far);
        Assert.Equal("Failed authentication with this factor", farBody["message"]!.GetValue<string>());
        var (previous, _) = await calls.VerifyAsync(state, 5001, otp: Totp.Compute("JBSWY3DPEHPK3PXP", now.AddSeconds(-30)), token: token);
        Assert.Equal(200, previous);

        var state2 = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password");
        var (current, _) = await calls.VerifyAsync(state2, 6003, otp: Totp.Compute("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", now), token: token);
        Assert.Equal(200, current);
    }

    [Fact]
    public async Task Code_devices_without_otp_say_OTP_token_blank()
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "otp@example.com", "otp-password");
        var (status, body) = await calls.VerifyAsync(state, 5001, token: token);
        Assert.Equal(400, status);
        Assert.Equal("OTP token blank", body["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Yubikey_otp_works_once()
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var otp = "ccccccbcgujh" + "ftbbcvbljvrflkrlnnlkdhtbedtjttfj";
        Assert.Equal(44, otp.Length);
        var (ok, _) = await calls.VerifyAsync(await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password"), 6004, otp: otp, token: token);
        Assert.Equal(200, ok);
        var (replay, _) = await calls.VerifyAsync(await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password"), 6004, otp: otp, token: token);
        Assert.Equal(401, replay);
        var (otherKey, _) = await calls.VerifyAsync(await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password"), 6004,
            otp: "cccccccccccc" + "ftbbcvbljvrflkrlnnlkdhtbedtjttfj", token: token);
        Assert.Equal(401, otherKey);
    }

    [Theory]
    [InlineData(6007L, "246810")]
    [InlineData(6008L, "13579135")]
    public async Task Duo_and_securid_take_their_configured_code(long deviceId, string code)
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "mfa@example.com", "mfa-password");
        Assert.Equal(401, (await calls.VerifyAsync(state, deviceId, otp: "111111", token: token)).Status);
        Assert.Equal(200, (await calls.VerifyAsync(state, deviceId, otp: code, token: token)).Status);
    }

    [Fact]
    public async Task State_token_expires_after_five_minutes()
    {
        var (sandbox, calls, clock, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "otp@example.com", "otp-password");
        clock.Advance(TimeSpan.FromSeconds(301));
        var (status, body) = await calls.VerifyAsync(state, 5001, otp: Totp.Compute("JBSWY3DPEHPK3PXP", clock.GetUtcNow()), token: token);
        Assert.Equal(401, status);
        Assert.Equal("State token is invalid or expired", body["message"]!.GetValue<string>());

        var (unknown, unknownBody) = await calls.VerifyAsync("not-a-state-token", 5001, otp: "123456", version: 1, token: token);
        Assert.Equal(401, unknown);
        Assert.Equal("State token is invalid or expired", unknownBody["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Verify_factor_needs_a_bearer_token()
    {
        var (sandbox, calls, _, token) = await StartAsync();
        await using var ___ = sandbox;
        using var __ = calls;
        var state = await StateTokenAsync(calls, token, "otp@example.com", "otp-password");
        var (status, _) = await calls.PostAsync("api/2/saml_assertion/verify_factor",
            new JsonObject { ["app_id"] = "424242", ["device_id"] = "5001", ["state_token"] = state, ["otp_token"] = "123456" }, null);
        Assert.Equal(401, status);
    }
}
