using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>Refuses resource calls without a live access token, in the caller's API version's error shape.</summary>
internal static class BearerCheck
{
    public static async Task<bool> PassesAsync(HttpContext context, SandboxState state, ApiVersion version)
    {
        var token = AccessTokens.ReadBearer(context.Request.Headers.Authorization.ToString());
        if (token is not null && state.AccessTokens.IsValid(token)) return true;
        RequestRecord.Of(context).Set("bearer", token is null ? "missing" : "unknown");
        await HttpAnswers.JsonAsync(context, 401, OneLoginEnvelope.Error(version, 401, "Authentication Failure"));
        return false;
    }
}
