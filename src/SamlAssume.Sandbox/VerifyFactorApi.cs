using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// POST /api/{1,2}/saml_assertion/verify_factor. Push devices send on the first call and are polled with
/// do_not_notify; SMS/email/voice send a code when called without otp_token; TOTP, YubiKey and fixed-code
/// devices need the otp_token at once. Docs: developers.onelogin.com/api-docs/2/saml-assertions/verify-factor
/// ("if not included, returns a 200 OK - Pending result").
/// </summary>
internal static class VerifyFactorApi
{
    private const string FactorFailed = "Failed authentication with this factor";
    private const string ModhexAlphabet = "cbdefghijklnrtuv";

    public static async Task HandleAsync(HttpContext context, SandboxState state, ApiVersion version)
    {
        if (await OneLoginResourceRequest.AcceptAsync(context, state, version) is not { } body) return;
        var record = RequestRecord.Of(context);

        var otp = body.Text("otp_token");
        var doNotNotify = body.Flag("do_not_notify");
        var deviceIdText = body.Text("device_id");
        record.Set("device_id", deviceIdText);
        record.Set("app_id", body.Text("app_id"));
        record.Set("otp_present", (!string.IsNullOrEmpty(otp)).ToString().ToLowerInvariant());
        record.Set("do_not_notify", doNotNotify.ToString().ToLowerInvariant());

        Task Fail(int status, string message)
        {
            record.Set("outcome", message);
            return HttpAnswers.JsonAsync(context, status, OneLoginEnvelope.Error(version, status, message));
        }

        var stateToken = body.Text("state_token");
        var challenge = string.IsNullOrEmpty(stateToken) ? null : state.Challenges.FindLive(stateToken);
        if (challenge is null)
        {
            await Fail(state.Tenant.StateTokenErrorStatus, "State token is invalid or expired");
            return;
        }
        if (body.Text("app_id") != challenge.App.AppId)
        {
            await Fail(400, "app_id is invalid");
            return;
        }
        var device = long.TryParse(deviceIdText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var deviceId)
            ? challenge.User.Devices.FirstOrDefault(d => d.DeviceId == deviceId)
            : null;
        if (device is null)
        {
            await Fail(404, "Device not found");
            return;
        }

        var now = state.Clock.GetUtcNow();
        switch (device.Kind)
        {
            case SandboxDeviceKind.Push:
            {
                // OneLogin Protect also shows a 6-digit TOTP code; sending it as otp_token verifies without the push
                // (onelogin-python-aws-assume-role#80: users "proactively send otp" for a Protect device).
                if (!string.IsNullOrEmpty(otp))
                {
                    if (device.TotpSecret is not null && Totp.Verify(device.TotpSecret, otp, now)) await SucceedAsync();
                    else await Fail(401, FactorFailed);
                    return;
                }
                // The first call without do_not_notify sends the push; polls only look at the answer.
                if (!challenge.PushSentAt.TryGetValue(device.DeviceId, out var sentAt))
                {
                    if (doNotNotify)
                    {
                        await PendingAsync("Authentication pending on OL Protect");
                        return;
                    }
                    sentAt = challenge.PushSentAt.GetOrAdd(device.DeviceId, now);
                    record.Set("push", "sent");
                }
                var answered = now - sentAt >= TimeSpan.FromSeconds(device.ApproveAfterSeconds);
                if (device.Never || !answered)
                {
                    await PendingAsync("Authentication pending on OL Protect");
                    return;
                }
                if (device.Deny)
                {
                    await Fail(401, FactorFailed);
                    return;
                }
                await SucceedAsync();
                return;
            }
            case SandboxDeviceKind.Sms or SandboxDeviceKind.Email or SandboxDeviceKind.Voice:
            {
                if (string.IsNullOrEmpty(otp))
                {
                    var code = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("000000", CultureInfo.InvariantCulture);
                    challenge.CodesSent[device.DeviceId] = (code, now.AddSeconds(state.Tenant.SentCodeLifetimeSeconds));
                    state.Journal.RecordCodeSent(challenge.User.Username, device.DeviceId, code);
                    var how = device.Kind switch { SandboxDeviceKind.Sms => "SMS", SandboxDeviceKind.Email => "email", _ => "voice call" };
                    state.Announce?.Invoke($"{how} code for {challenge.User.Username} ({device.DeviceType}, device {device.DeviceId}): {code}, valid {state.Tenant.SentCodeLifetimeSeconds} s");
                    record.Set("code", "sent");
                    await PendingAsync($"Authentication pending on {device.DeviceType}");
                    return;
                }
                if (challenge.CodesSent.TryGetValue(device.DeviceId, out var sent) && now < sent.Expires && Same(sent.Code, otp))
                {
                    challenge.CodesSent.TryRemove(device.DeviceId, out _);
                    await SucceedAsync();
                    return;
                }
                await Fail(401, FactorFailed);
                return;
            }
            default:
            {
                if (string.IsNullOrEmpty(otp))
                {
                    await Fail(400, "OTP token blank");
                    return;
                }
                var accepted = device.Kind switch
                {
                    SandboxDeviceKind.Totp => device.TotpSecret is not null && Totp.Verify(device.TotpSecret, otp, now),
                    SandboxDeviceKind.Yubikey => IsFreshYubikeyOtp(state, device, otp),
                    SandboxDeviceKind.FixedCode => device.AcceptedCode is not null && Same(device.AcceptedCode, otp),
                    _ => false,
                };
                if (accepted) await SucceedAsync();
                else await Fail(401, FactorFailed);
                return;
            }
        }

        Task PendingAsync(string message)
        {
            record.Set("outcome", "pending");
            return HttpAnswers.JsonAsync(context, 200, OneLoginEnvelope.Pending(version, message));
        }

        Task SucceedAsync()
        {
            challenge.Completed = true;
            record.Set("outcome", "success");
            return HttpAnswers.JsonAsync(context, 200, OneLoginEnvelope.Success(version, state.ResponseWriter.WriteBase64(challenge.App, challenge.User)));
        }
    }

    /// <summary>A YubiKey OTP is 44 modhex characters: the 12-char public id, then 32 of encrypted counter; each is good once.</summary>
    private static bool IsFreshYubikeyOtp(SandboxState state, SandboxDevice device, string otp) =>
        otp.Length == 44
        && device.YubikeyPublicId is { Length: 12 } publicId
        && otp.StartsWith(publicId, StringComparison.Ordinal)
        && otp.All(c => ModhexAlphabet.Contains(c))
        && state.UsedYubikeyOtps.TryAdd(otp, true);

    private static bool Same(string expected, string actual) =>
        CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(expected), System.Text.Encoding.UTF8.GetBytes(actual));
}
