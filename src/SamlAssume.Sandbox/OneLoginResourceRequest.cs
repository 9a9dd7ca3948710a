using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// The common front of OneLogin's resource calls (saml_assertion, verify_factor): the bearer token, the journal's
/// api_version, and a JSON object body — each refused the way OneLogin refuses it.
/// </summary>
internal static class OneLoginResourceRequest
{
    /// <returns>The body, or null when the request was already answered with an error.</returns>
    public static async Task<RequestJson?> AcceptAsync(HttpContext context, SandboxState state, ApiVersion version)
    {
        if (!await BearerCheck.PassesAsync(context, state, version)) return null;
        RequestRecord.Of(context).Set("api_version", ((int)version).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var body = await RequestJson.ReadAsync(context.Request, context.RequestAborted);
        if (body is null)
        {
            await HttpAnswers.JsonAsync(context, 400, OneLoginEnvelope.Error(version, 400, "Invalid JSON in request body"));
        }
        return body;
    }
}
