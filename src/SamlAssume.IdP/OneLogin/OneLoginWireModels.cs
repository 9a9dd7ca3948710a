using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamlAssume.IdP.OneLogin;

// OneLogin's JSON exactly as it travels. Kept internal: callers only ever see the records in Records.cs.
// Property names become snake_case through OneLoginJsonContext's naming policy.
// Fields whose shape varies between API versions are JsonElement and interpreted by OneLoginApiClient.

internal sealed record TokenRequestBody(string GrantType);

internal sealed record SamlAssertionRequestBody(string UsernameOrEmail, string Password, string AppId, string Subdomain, string? IpAddress);

/// <summary>
/// OneLogin's SDKs (python, ruby, java) and saml2aws all send <c>device_id</c> as a string, so we do too.
/// </summary>
internal sealed record VerifyFactorRequestBody(string AppId, string DeviceId, string StateToken, string? OtpToken, bool? DoNotNotify);

/// <summary>
/// The fields every OneLogin answer may carry around its payload: the v1 <c>status</c> block, the v2 top-level
/// <c>message</c>, <c>data</c> (a string, an object or an array depending on call and version), and the error
/// shapes: v2 <c>{"statusCode","name","message"}</c> and OAuth-style <c>{"error","error_description"}</c>.
/// </summary>
internal sealed class OneLoginEnvelope
{
    public OneLoginStatus? Status { get; set; }
    public JsonElement Message { get; set; }
    public JsonElement Data { get; set; }

    [JsonPropertyName("statusCode")]
    public JsonElement StatusCode { get; set; }

    public string? Name { get; set; }
    public JsonElement Error { get; set; }
    public string? ErrorDescription { get; set; }
}

/// <summary>v1's <c>{"error":false,"code":200,"type":"success","message":"Success"}</c>.</summary>
internal sealed class OneLoginStatus
{
    public JsonElement Error { get; set; }
    public JsonElement Code { get; set; }
    public string? Type { get; set; }

    /// <summary>Usually a string; the python SDK also reads <c>{"description": …}</c> here.</summary>
    public JsonElement Message { get; set; }
}

/// <summary>The token answer, flat (v2) or inside <c>data</c> (v1).</summary>
internal sealed class TokenPayload
{
    public string? AccessToken { get; set; }
    public long? ExpiresIn { get; set; }
}

/// <summary>"MFA is required": flat in v2, <c>data[0]</c> in v1.</summary>
internal sealed class MfaChallengePayload
{
    public string? StateToken { get; set; }
    public string? CallbackUrl { get; set; }
    public List<MfaDevicePayload>? Devices { get; set; }
    public MfaUserPayload? User { get; set; }
}

internal sealed class MfaDevicePayload
{
    /// <summary>A number in OneLogin's docs; some answers quote it. Read either.</summary>
    public JsonElement DeviceId { get; set; }

    public string? DeviceType { get; set; }

    /// <summary>Not in the SAML assertion docs, but the device APIs have it; honoured when present.</summary>
    public JsonElement Default { get; set; }
}

internal sealed class MfaUserPayload
{
    public JsonElement Id { get; set; }
    public string? Username { get; set; }
    public string? Email { get; set; }
    public string? Firstname { get; set; }
    public string? Lastname { get; set; }
}
