using SamlAssume.Aws;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Login;

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

    /// <summary>Whether a later run may use these again instead of signing in (the loop asks before each run).</summary>
    public abstract bool UsableAt(DateTimeOffset now);
}
