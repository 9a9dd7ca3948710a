using System.Text.Json.Serialization;

namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// Source-generated (de)serialisation for OneLogin's wire models: no reflection, so the CLI can be trimmed/AOT-compiled.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TokenRequestBody))]
[JsonSerializable(typeof(SamlAssertionRequestBody))]
[JsonSerializable(typeof(VerifyFactorRequestBody))]
[JsonSerializable(typeof(OneLoginEnvelope))]
[JsonSerializable(typeof(TokenPayload))]
[JsonSerializable(typeof(MfaChallengePayload))]
internal sealed partial class OneLoginJsonContext : JsonSerializerContext;
