namespace SamlAssume.IdP.OneLogin;

/// <summary>Which OneLogin call failed: the same status means different things on each (401 on the token is a bad client secret, on saml_assertion a bad password).</summary>
internal enum OneLoginEndpoint
{
    Token,
    SamlAssertion,
    VerifyFactor,
}

/// <summary>
/// What the error text may mention about a call (app id, subdomain: not secret) and what it must never contain
/// (<see cref="Secrets"/>: scrubbed from anything OneLogin or the network stack says back).
/// </summary>
internal sealed record OneLoginCall(OneLoginEndpoint Endpoint, string Host, string? AppId, string? Subdomain, IReadOnlyList<string?> Secrets);
