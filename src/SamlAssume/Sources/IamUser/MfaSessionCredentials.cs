using SamlAssume.Aws;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// The IAM-user source's credentials at the source: an MFA session (GetSessionToken), the role profiles of
/// ~/.aws/config that lead to its source profile, and how long the session may still be used.
/// </summary>
/// <param name="Issued">When the session was started (the cache keeps it), for the one freshness rule; null when unknown.</param>
public sealed record MfaSessionCredentials(StsCredentials MfaSession, string SourceProfile, IReadOnlyList<RoleProfile> Profiles, TimeSpan MinRemaining, DateTimeOffset? Issued = null) : SourceCredentials
{
    /// <summary>The roles of the profiles; "PrincipalArn" names the session they come from (there is no SAML provider).</summary>
    public override IReadOnlyList<AwsRole> Roles => Profiles.Select(p => new AwsRole(p.RoleArn, $"mfa-session:{SourceProfile}")).ToList();

    public override string RolesFrom => $"the role profiles leading to source profile [{SourceProfile}]";

    public override string Origin => $" from the MFA session of [{SourceProfile}]";

    /// <summary>The session may assume any role its policies allow, named or not in ~/.aws/config.</summary>
    public override AwsRole? RoleNamed(string roleArn) => base.RoleNamed(roleArn) ?? new AwsRole(roleArn, $"mfa-session:{SourceProfile}");

    /// <summary>The role profile's own region, where it names one.</summary>
    public override string? RegionOf(AwsRole role) => Profiles.FirstOrDefault(p => p.RoleArn == role.RoleArn)?.Region;

    /// <summary>The profile name a role is written to: its role profile's.</summary>
    public override string? ProfileOf(AwsRole role) => Profiles.FirstOrDefault(p => p.RoleArn == role.RoleArn)?.Name;

    public override TemporaryCredentials? Session =>
        new(MfaSession.AccessKeyId, MfaSession.SecretAccessKey, MfaSession.SessionToken, MfaSession.Expiration, $"the MFA session of [{SourceProfile}]") { Issued = Issued };

    public override bool UsableAt(DateTimeOffset now) => CredentialExpiry.IsFresh(MfaSession.Expiration, now, MinRemaining, Issued);

    public override string ToString() => $"MfaSessionCredentials {{ SourceProfile = {SourceProfile}, Expiration = {MfaSession.Expiration:u}, Profiles = {Profiles.Count} }}";
}
