using SamlAssume.Aws.Sessions;
using SamlAssume.IdP.Saml;
using SamlAssume.Login;

namespace SamlAssume.IamUser;

/// <summary>
/// The IAM-user source's credentials at the source: an MFA session (GetSessionToken), the role profiles of
/// ~/.aws/config that lead to its source profile, and how long the session may still be used.
/// </summary>
public sealed record MfaSessionCredentials(StsCredentials Session, string SourceProfile, IReadOnlyList<RoleProfile> Profiles, TimeSpan MinRemaining) : SourceCredentials
{
    /// <summary>The roles of the profiles; "PrincipalArn" names the session they come from (there is no SAML provider).</summary>
    public override IReadOnlyList<AwsRole> Roles => Profiles.Select(p => new AwsRole(p.RoleArn, $"mfa-session:{SourceProfile}")).ToList();

    public override string RolesFrom => $"the role profiles leading to source profile [{SourceProfile}]";

    public override bool UsableAt(DateTimeOffset now) => Session.Expiration - now > MinRemaining;

    public override string ToString() => $"MfaSessionCredentials {{ SourceProfile = {SourceProfile}, Expiration = {Session.Expiration:u}, Profiles = {Profiles.Count} }}";
}
