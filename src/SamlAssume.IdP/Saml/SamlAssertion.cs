namespace SamlAssume.IdP.Saml;

/// <summary>
/// What we read out of a SAMLResponse. See <see cref="SamlResponseReader"/>.
/// <see cref="Roles"/> may be empty so that an inspector can show a role-less assertion; callers about to call
/// STS use <see cref="RequireRoles"/>.
/// </summary>
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
    string? Recipient)
{
    /// <summary>Role attribute values that are not a "role ARN, provider ARN" pair, left out of <see cref="Roles"/>: worth a warning.</summary>
    public IReadOnlyList<string> MalformedRoleValues { get; init; } = [];

    /// <summary>This assertion, or a <see cref="SamlFormatException"/> saying why it grants no AWS role.</summary>
    public SamlAssertion RequireRoles()
    {
        if (Roles.Count > 0)
            return this;
        if (MalformedRoleValues.Count > 0)
            throw new SamlFormatException(
                $"The SAML assertion's AWS Role values are malformed ({SamlResponseReader.Quote(MalformedRoleValues[0])}; expected 'arn:aws:iam::ACCOUNT:role/NAME,arn:aws:iam::ACCOUNT:saml-provider/NAME'): ask your OneLogin admin to fix the role mapping");
        throw new SamlFormatException(
            $"The SAML assertion grants no AWS role (no {SamlResponseReader.RoleAttributeName} values): ask your OneLogin admin to map one");
    }
}

/// <summary>The SAMLResponse could not be read, or says nothing we can use (no role). One line, no secret.</summary>
public sealed class SamlFormatException(string message, Exception? inner = null) : Exception(message, inner);
