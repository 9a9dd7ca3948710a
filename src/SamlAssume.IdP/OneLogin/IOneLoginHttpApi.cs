using Refit;

namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// OneLogin's HTTP endpoints as Refit declares them: Refit's source generator writes the client at build time (no
/// reflection, so the CLI stays AOT-clean) and System.Text.Json writes the bodies through <see cref="OneLoginJsonContext"/>.
/// Each call hands back the raw response: reading it (size cap, v1/v2 envelopes, documented errors, redaction) is
/// <see cref="OneLoginApiClient"/>'s job, because Refit would otherwise buffer any size and throw its own exceptions.
/// </summary>
[Headers("Accept: application/json")]
internal interface IOneLoginHttpApi
{
    /// <summary>https://developers.onelogin.com/api-docs/2/oauth20-tokens/generate-tokens-2</summary>
    /// <param name="authorization"><c>client_id:…, client_secret:…</c>: OneLogin's own form, not RFC 7235 syntax.</param>
    [Post("/auth/oauth2/v2/token")]
    Task<HttpResponseMessage> GenerateTokenAsync([Header("Authorization")] string authorization, [Body] TokenRequestBody body, CancellationToken cancellationToken);

    /// <summary>
    /// https://developers.onelogin.com/api-docs/2/saml-assertions/generate-saml-assertion (v2) and
    /// https://developers.onelogin.com/api-docs/1/saml-assertions/generate-saml-assertion (v1).
    /// </summary>
    [Post("/api/{version}/saml_assertion")]
    Task<HttpResponseMessage> GenerateSamlAssertionAsync(int version, [Header("Authorization")] string authorization, [Body] SamlAssertionRequestBody body, CancellationToken cancellationToken);

    /// <summary>
    /// https://developers.onelogin.com/api-docs/2/saml-assertions/verify-factor (v2) and
    /// https://developers.onelogin.com/api-docs/1/saml-assertions/verify-factor (v1).
    /// </summary>
    [Post("/api/{version}/saml_assertion/verify_factor")]
    Task<HttpResponseMessage> VerifyFactorAsync(int version, [Header("Authorization")] string authorization, [Body] VerifyFactorRequestBody body, CancellationToken cancellationToken);
}
