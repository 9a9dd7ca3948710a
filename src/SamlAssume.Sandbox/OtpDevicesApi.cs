using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// <c>GET /api/1/users/{id}/otp_devices</c>, "Get Enrolled Authentication Factors", which OneLogin's own tool (v2.0.2)
/// calls when MFA is required, falling back to the MFA answer's devices when it fails. The answer as documented at
/// https://developers.onelogin.com/api-docs/1/multi-factor-authentication/enrolled-factors: the v1 envelope with
/// <c>data.otp_devices</c>, each device with <c>id</c>, <c>active</c>, <c>default</c>, <c>needs_trigger</c>,
/// <c>auth_factor_name</c>, <c>type_display_name</c>, <c>user_display_name</c> (and <c>phone_number</c> for SMS).
/// "Factors that provide both push notifications and pull code submission should appear twice; once with
/// needs_trigger: true and once with needs_trigger: false" (OneLogin's SDK model of that answer), so OneLogin Protect
/// is listed twice. The page requires a Read Users / Manage users / Read All / Manage All token; the sandbox has one
/// API client and does not model scopes. The docs print no body for an unknown user id; the sandbox answers v1's 404.
/// </summary>
internal static class OtpDevicesApi
{
    public static async Task HandleAsync(HttpContext context, SandboxState state)
    {
        if (!await BearerCheck.PassesAsync(context, state, ApiVersion.V1)) return;
        var idText = (string?)context.Request.RouteValues["id"];
        RequestRecord.Of(context).Set("user_id", idText ?? "");
        var user = long.TryParse(idText, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? state.Tenant.Users.FirstOrDefault(u => u.Id == id) : null;
        if (user is null)
        {
            await HttpAnswers.JsonAsync(context, 404, OneLoginEnvelope.Error(ApiVersion.V1, 404, "User not found"));
            return;
        }
        var devices = new JsonArray();
        foreach (var device in user.Devices)
        {
            var triggered = device.Kind is SandboxDeviceKind.Push or SandboxDeviceKind.Sms or SandboxDeviceKind.Email or SandboxDeviceKind.Voice;
            devices.Add((JsonNode)Entry(device, needsTrigger: triggered));
            // OneLogin Protect also shows a code in the app: the pull side of the same device.
            if (device.Kind == SandboxDeviceKind.Push && device.TotpSecret is not null) devices.Add((JsonNode)Entry(device, needsTrigger: false));
        }
        var body = OneLoginEnvelope.Status(200, "success", "Success", error: false);
        body["data"] = new JsonObject { ["otp_devices"] = devices };
        await HttpAnswers.JsonAsync(context, 200, body);
    }

    private static JsonObject Entry(SandboxDevice device, bool needsTrigger)
    {
        var entry = new JsonObject
        {
            ["type_display_name"] = device.DeviceType,
            ["active"] = true,
            ["user_display_name"] = device.DeviceType,
            ["default"] = device.Default,
            ["auth_factor_name"] = device.DeviceType,
            ["id"] = device.DeviceId,
            ["needs_trigger"] = needsTrigger,
        };
        // Masked as on the documented page; the sandbox's users have no phone numbers.
        if (device.Kind == SandboxDeviceKind.Sms) entry["phone_number"] = "+1xxxxxxxxx";
        return entry;
    }
}
