using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>POST /api/{1,2}/saml_assertion: password check, then either the SAMLResponse or an MFA challenge.</summary>
internal static class SamlAssertionApi
{
    public static async Task HandleAsync(HttpContext context, SandboxState state, ApiVersion version)
    {
        if (await OneLoginResourceRequest.AcceptAsync(context, state, version) is not { } body) return;
        var record = RequestRecord.Of(context);

        var username = body.Text("username_or_email");
        var appId = body.Text("app_id");
        var subdomain = body.Text("subdomain");
        record.Set("username", username);
        record.Set("app_id", appId);
        record.Set("subdomain", subdomain);
        record.Set("ip_address", body.Text("ip_address"));

        // The order of these checks is OneLogin's: empty fields, subdomain, app, then the credentials.
        string? error = null;
        var status = 400;
        var tenant = state.Tenant;
        var app = string.IsNullOrEmpty(appId) ? null : tenant.FindApp(appId);
        if (string.IsNullOrEmpty(username)) error = "username is empty";
        else if (string.IsNullOrEmpty(body.Text("password"))) error = "password is empty";
        else if (string.IsNullOrEmpty(appId)) error = "app_id is empty";
        else if (!string.Equals(subdomain, tenant.Subdomain, StringComparison.OrdinalIgnoreCase)) error = "Invalid subdomain";
        // onelogin-python-aws-assume-role#60: an unknown app id answers 404.
        else if (app is null) (status, error) = (404, "App could not be found");
        if (error is not null)
        {
            await HttpAnswers.JsonAsync(context, status, OneLoginEnvelope.Error(version, status, error));
            return;
        }

        var user = tenant.FindUser(username!);
        if (user is null || user.Password != body.Text("password"))
        {
            await HttpAnswers.JsonAsync(context, 401, OneLoginEnvelope.Error(version, 401, "Authentication Failed: Invalid user credentials"));
            return;
        }

        if (user.Devices.Count == 0)
        {
            record.Set("outcome", "success");
            await HttpAnswers.JsonAsync(context, 200, OneLoginEnvelope.Success(version, state.ResponseWriter.WriteBase64(app!, user)));
            return;
        }

        var challenge = state.Challenges.Open(user, app!, TimeSpan.FromSeconds(tenant.StateTokenLifetimeSeconds));
        record.Set("outcome", "mfa_required");
        // Default device first, as OneLogin lists it.
        var devices = new JsonArray(user.Devices.OrderByDescending(d => d.Default)
            .Select(d => (JsonNode)new JsonObject { ["device_id"] = d.DeviceId, ["device_type"] = d.DeviceType }).ToArray());
        var userJson = new JsonObject
        {
            ["id"] = user.Id, ["username"] = user.Username, ["email"] = user.Email,
            ["firstname"] = user.Firstname, ["lastname"] = user.Lastname,
        };
        var callbackUrl = new Uri(state.BaseUrl, $"api/{(int)version}/saml_assertion/verify_factor").ToString();
        await HttpAnswers.JsonAsync(context, 200, OneLoginEnvelope.MfaRequired(version, challenge.StateToken, devices, callbackUrl, userJson));
    }
}
