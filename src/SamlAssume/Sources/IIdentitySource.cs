using SamlAssume.Aws;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Sources;

/// <summary>
/// Where a login starts, as saml2aws's providers and aws-vault's credential providers: signs a person in, says which
/// roles that sign-in opens, and trades it with STS for one role's temporary credentials. <see cref="LoginPipeline"/>
/// does the rest (role choice, delivery). OneLogin is <see cref="OneLoginSource"/>; docs/ARCHITECTURE.md says how to
/// add another.
/// </summary>
public interface IIdentitySource : IDisposable
{
    /// <summary>Signs in, prompting for what the settings leave open; a second call (a loop's later run) may reuse what the first learnt.</summary>
    Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken);

    /// <summary>The STS call for <paramref name="role"/> in <paramref name="region"/>; safe to call concurrently (many roles at once).</summary>
    Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken);
}

/// <summary>What a sign-in proved (a SAML assertion, an STS session), the roles it opens, and how long it may be used.</summary>
public abstract record SourceCredentials
{
    public abstract IReadOnlyList<AwsRole> Roles { get; }

    /// <summary>Where the roles were read, for messages: "the assertion from https://…".</summary>
    public abstract string RolesFrom { get; }

    /// <summary>
    /// The role <paramref name="roleArn"/> names, if these credentials may assume it: for an assertion, one of its Role
    /// values; a source whose session may assume any role (an IAM user's) answers for any ARN.
    /// </summary>
    public virtual AwsRole? RoleNamed(string roleArn) => Roles.FirstOrDefault(r => string.Equals(r.RoleArn, roleArn, StringComparison.Ordinal));

    /// <summary>Said after "Assuming N role(s)" in progress lines, e.g. " from the MFA session of [bastion]".</summary>
    public virtual string Origin => "";

    /// <summary>The region a role's credentials are for, when the source knows one (an IAM-user role profile's region).</summary>
    public virtual string? RegionOf(AwsRole role) => null;

    /// <summary>The profile a role is delivered to, when the source names one (an IAM-user role profile).</summary>
    public virtual string? ProfileOf(AwsRole role) => null;

    /// <summary>The source's own temporary credentials, when it has them (an IAM user's MFA session); null for an assertion.</summary>
    public virtual TemporaryCredentials? Session => null;

    /// <summary>Whether a later run may use these again instead of signing in (the loop asks before each run).</summary>
    public abstract bool UsableAt(DateTimeOffset now);
}
