using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Serve;

/// <summary>
/// What <see cref="ContainerCredentialsServer"/> hands out, through <see cref="ProfileCredentialSource"/>: the same
/// cache, freshness rule and refresh lock as <c>credential-process</c>, so a warm cache is a file read and a refresh is
/// shared with every other samlassume process of the profile. Sign-in prompts (password, MFA) go to the context's
/// terminal — the one serve was started from.
/// </summary>
public sealed class ServedCredentials(CommandContext context, ProgressLog log, LoginArguments args, TimeSpan minRemaining)
{
    public string Profile => args.Profile!;

    public Task<CachedCredentials> ForProfileAsync(CancellationToken cancellationToken) =>
        new ProfileCredentialSource(context, log).GetAsync(args, minRemaining, promptOnTerminal: false, cancellationToken);

    public Task<CachedCredentials> ForRoleAsync(string roleArn, CancellationToken cancellationToken) =>
        throw new UnknownRoleException(roleArn, "(role-arn paths are not served yet)");
}

/// <summary>A <c>/role-arn/ARN</c> the sign-in does not open: the server answers 403.</summary>
public sealed class UnknownRoleException(string roleArn, string from) : Exception($"{roleArn} is not among the roles of {from}")
{
    public string RoleArn { get; } = roleArn;
}
