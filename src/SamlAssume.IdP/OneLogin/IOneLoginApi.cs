namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// OneLogin's public API as the login sees it, one method per endpoint we use. The HTTP side is Refit's
/// (<see cref="IOneLoginHttpApi"/>); implementations normalise OneLogin's v1 (<c>status</c>/<c>data[]</c>) and v2 (flat) envelopes into the same records
/// and turn every documented error into a <see cref="OneLoginException"/> with a one-line, actionable message.
/// </summary>
public interface IOneLoginApi
{
    /// <summary><c>POST /auth/oauth2/v2/token</c> with the client credentials. Cached until shortly before <c>expires_in</c>.</summary>
    Task<AccessToken> GetAccessTokenAsync(CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/{1|2}/saml_assertion</c>: an assertion, or the MFA challenge.</summary>
    Task<AssertionOutcome> CreateSamlAssertionAsync(SamlAssertionRequest request, CancellationToken cancellationToken = default);

    /// <summary><c>POST /api/{1|2}/saml_assertion/verify_factor</c>: an assertion, or still pending (push/SMS sent).</summary>
    Task<AssertionOutcome> VerifyFactorAsync(VerifyFactorRequest request, CancellationToken cancellationToken = default);
}
