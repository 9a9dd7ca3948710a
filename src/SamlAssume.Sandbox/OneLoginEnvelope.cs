using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox;

/// <summary>
/// The answer shapes of OneLogin's API. v1: {"status":{type,message,error,code},"data":…}.
/// v2: flat {"message","data"} on success and {"statusCode","name","message"} on errors, the name being the reason
/// phrase run together ("NotFound", "BadRequest") as printed on
/// https://developers.onelogin.com/api-docs/2/multi-factor-authentication/verify-factor-poll and recorded by aws-runas
/// and OneLogin's dotnet SDK. tests/OneLoginDocs holds those documented answers; the sandbox's conformance tests
/// compare against them.
/// </summary>
internal static class OneLoginEnvelope
{
    public static JsonObject Status(int code, string type, string message, bool error) => new()
    {
        ["status"] = new JsonObject { ["error"] = error, ["code"] = code, ["type"] = type, ["message"] = message },
    };

    public static JsonObject Error(ApiVersion version, int code, string message) => version == ApiVersion.V1
        ? Status(code, V1ErrorType(code), message, error: true)
        : new JsonObject { ["statusCode"] = code, ["name"] = V2ErrorName(code), ["message"] = message };

    public static JsonObject Success(ApiVersion version, string samlResponse)
    {
        if (version == ApiVersion.V2) return new JsonObject { ["message"] = "Success", ["data"] = samlResponse };
        var body = Status(200, "success", "Success", error: false);
        body["data"] = samlResponse;
        return body;
    }

    /// <summary>Pending answers carry no data: v1 says so with status.type "pending", v2 with a message containing "pending".</summary>
    public static JsonObject Pending(ApiVersion version, string message) => version == ApiVersion.V1
        ? Status(200, "pending", message, error: false)
        : new JsonObject { ["message"] = message };

    public static JsonObject MfaRequired(ApiVersion version, string stateToken, JsonArray devices, string callbackUrl, JsonObject user)
    {
        const string message = "MFA is required for this user";
        if (version == ApiVersion.V2)
            return new JsonObject
            {
                ["message"] = message, ["state_token"] = stateToken, ["devices"] = devices, ["callback_url"] = callbackUrl, ["user"] = user,
            };
        var body = Status(200, "success", message, error: false);
        body["data"] = new JsonArray(new JsonObject
        {
            ["state_token"] = stateToken, ["callback_url"] = callbackUrl, ["devices"] = devices, ["user"] = user,
        });
        return body;
    }

    private static string V1ErrorType(int code) => code switch
    {
        400 => "bad request",
        401 => "Unauthorized",
        403 => "forbidden",
        404 => "not found",
        429 => "too many requests",
        _ => "error",
    };

    private static string V2ErrorName(int code) => ReasonPhrase(code).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);

    public static string ReasonPhrase(int code) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(code) is { Length: > 0 } phrase ? phrase : "Error";
}
