using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// POST /auth/oauth2/v2/token (flat answer) and /auth/oauth2/token (v1, status + data[] wrapping).
/// Credentials come as "client_id:&lt;id&gt;, client_secret:&lt;secret&gt;" (OneLogin's docs) or HTTP Basic (the SDKs).
/// </summary>
internal static class OneLoginTokenApi
{
    public static async Task HandleAsync(HttpContext context, SandboxState state, ApiVersion version)
    {
        var record = RequestRecord.Of(context);
        var (clientId, clientSecret, style) = ReadClientCredentials(context.Request.Headers.Authorization.ToString());
        record.Set("auth_style", style);
        var tenant = state.Tenant;
        if (clientId != tenant.ClientId || clientSecret != tenant.ClientSecret)
        {
            await HttpAnswers.JsonAsync(context, 401, OneLoginEnvelope.Status(401, "Unauthorized", "Authentication Failure", error: true));
            return;
        }

        var body = await RequestJson.ReadAsync(context.Request, context.RequestAborted);
        var grantType = body?.Text("grant_type");
        record.Set("grant_type", grantType);
        if (grantType != "client_credentials")
        {
            await HttpAnswers.JsonAsync(context, 400, OneLoginEnvelope.Status(400, "bad request", "grant_type is incorrect/absent", error: true));
            return;
        }

        var token = state.AccessTokens.Issue(TimeSpan.FromSeconds(tenant.AccessTokenLifetimeSeconds));
        var answer = new JsonObject
        {
            ["access_token"] = token,
            ["created_at"] = state.Clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["expires_in"] = tenant.AccessTokenLifetimeSeconds,
            // Deprecated by OneLogin but still present in the answer.
            ["refresh_token"] = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["token_type"] = "bearer",
            ["account_id"] = tenant.AccountId,
        };
        if (version == ApiVersion.V2)
        {
            await HttpAnswers.JsonAsync(context, 200, answer);
            return;
        }
        var wrapped = OneLoginEnvelope.Status(200, "success", "Success", error: false);
        wrapped["data"] = new JsonArray(answer);
        await HttpAnswers.JsonAsync(context, 200, wrapped);
    }

    private static (string? Id, string? Secret, string Style) ReadClientCredentials(string header)
    {
        if (string.IsNullOrWhiteSpace(header)) return (null, null, "none");
        if (AuthenticationHeaderValue.TryParse(header, out var parsed) &&
            string.Equals(parsed.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && parsed.Parameter is not null)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parsed.Parameter));
                var colon = decoded.IndexOf(':');
                return colon < 0 ? (null, null, "basic") : (decoded[..colon], decoded[(colon + 1)..], "basic");
            }
            catch (FormatException)
            {
                return (null, null, "basic");
            }
        }

        string? id = null, secret = null;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':');
            if (colon < 0) continue;
            var name = part[..colon].Trim();
            var value = part[(colon + 1)..].Trim();
            if (name.Equals("client_id", StringComparison.OrdinalIgnoreCase)) id = value;
            else if (name.Equals("client_secret", StringComparison.OrdinalIgnoreCase)) secret = value;
        }
        return (id, secret, "client_id_secret");
    }
}
