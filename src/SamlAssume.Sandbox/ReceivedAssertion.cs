namespace SamlAssume.Sandbox;

/// <summary>What STS reads from a SAMLResponse whose signature it has verified.</summary>
internal sealed record ReceivedAssertion(
    string Issuer,
    string NameId,
    string? NameIdFormat,
    string? Recipient,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotOnOrAfter,
    DateTimeOffset? SessionNotOnOrAfter,
    IReadOnlyList<string> Audiences,
    IReadOnlyList<string> Roles,
    string? RoleSessionName,
    string? SessionDuration);
