namespace SamlAssume.Cache;

/// <summary>
/// The last SAMLResponse (--cache-saml), kept so another role can be taken without another MFA. It is a bearer
/// credential for as long as NotOnOrAfter allows: 0600, and deleted as soon as it is found expired.
/// </summary>
public sealed record CachedAssertion
{
    public int Version { get; init; } = 1;
    public required string Username { get; init; }
    public required string AppId { get; init; }
    public required string Subdomain { get; init; }
    [System.Text.Json.Serialization.JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset NotOnOrAfter { get; init; }
    public required string SamlResponse { get; init; }

    public override string ToString() => $"CachedAssertion {{ Username = {Username}, AppId = {AppId}, NotOnOrAfter = {NotOnOrAfter:O} }}";
}
