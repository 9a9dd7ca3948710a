using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox.Tests;

/// <summary>
/// GET /api/1/users/{id}/otp_devices as OneLogin's own tool uses it: the user id from the "MFA is required" answer, then
/// the enrolled devices (the documented shape is checked in <see cref="DocumentedAnswerTests"/>).
/// </summary>
public sealed class OtpDevicesTests
{
    [Fact]
    public async Task The_user_id_from_the_MFA_answer_lists_that_users_devices()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (_, mfa) = await calls.SamlAssertionAsync("mfa@example.com", "mfa-password");
        var userId = mfa["user"]!["id"]!.GetValue<long>();

        var (status, body) = await calls.GetAsync($"api/1/users/{userId}/otp_devices");

        Assert.Equal(200, status);
        var devices = body["data"]!["otp_devices"]!.AsArray().Select(d => d!.AsObject()).ToList();
        var answeredIds = mfa["devices"]!.AsArray().Select(d => d!["device_id"]!.GetValue<long>()).Order();
        Assert.Equal(answeredIds, devices.Select(d => d["id"]!.GetValue<long>()).Distinct().Order());
        // OneLogin Protect twice: the push (needs a trigger) and the code shown in the app (does not).
        var protect = devices.Where(d => d["id"]!.GetValue<long>() == 6001).ToList();
        Assert.Equal([true, false], protect.Select(d => d["needs_trigger"]!.GetValue<bool>()));
        Assert.All(protect, d => Assert.True(d["default"]!.GetValue<bool>()));
        var sms = Assert.Single(devices, d => d["id"]!.GetValue<long>() == 6002);
        Assert.True(sms["needs_trigger"]!.GetValue<bool>());
        Assert.NotNull(sms["phone_number"]);
        var totp = Assert.Single(devices, d => d["id"]!.GetValue<long>() == 6003);
        Assert.False(totp["needs_trigger"]!.GetValue<bool>());
        Assert.Equal("Google Authenticator", totp["auth_factor_name"]!.GetValue<string>());
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.OtpDevices));
    }

    [Fact]
    public async Task A_user_without_MFA_has_none_and_unknown_users_or_missing_tokens_are_refused_in_v1_shape()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);

        var (status, body) = await calls.GetAsync("api/1/users/1001/otp_devices");
        Assert.Equal(200, status);
        Assert.Empty(body["data"]!["otp_devices"]!.AsArray());

        var (unknown, unknownBody) = await calls.GetAsync("api/1/users/99999/otp_devices");
        Assert.Equal(404, unknown);
        Assert.True(unknownBody["status"]!["error"]!.GetValue<bool>());

        var (anonymous, anonymousBody) = await calls.GetAsync("api/1/users/1006/otp_devices", authorize: false);
        Assert.Equal(401, anonymous);
        Assert.Equal("Authentication Failure", anonymousBody["status"]!["message"]!.GetValue<string>());
    }
}
