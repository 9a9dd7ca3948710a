namespace SamlAssume.IdP.Saml;

/// <summary>What we read out of a SAMLResponse. See <see cref="SamlResponseReader"/>.</summary>
public sealed record SamlAssertion(
    string Issuer,
    string? Subject,
    IReadOnlyList<AwsRole> Roles,
    string? RoleSessionName,
    int? SessionDuration,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotOnOrAfter,
    DateTimeOffset? SessionNotOnOrAfter,
    IReadOnlyList<string> Audiences,
    string? Recipient);

/// <summary>The SAMLResponse could not be read, or says nothing we can use (no role). One line, no secret.</summary>
public sealed class SamlFormatException(string message, Exception? inner = null) : Exception(message, inner);
