using SamlAssume.Cache;
using SamlAssume.Login;
using SamlAssume.Settings;

namespace SamlAssume.Serve;

/// <summary>
/// What <see cref="ContainerCredentialsServer"/> hands out, through <see cref="ProfileCredentialSource"/>: the same
/// cache, freshness rule and refresh lock as <c>credential-process</c>, so a warm cache is a file read and a refresh is
/// shared with every other samlassume process of the profile. One <see cref="SharedPipeline"/> lives as long as the
/// server: a refresh, or another role by ARN, reuses the sign-in while it is usable. Prompts (password, MFA) go to the
/// context's terminal — the one serve was started from.
/// </summary>
public sealed class ServedCredentials(CommandContext context, ProgressLog log, LoginArguments args, TimeSpan minRemaining) : IDisposable
{
    private readonly SharedPipeline pipeline = new();

    public Task<CachedCredentials> ForProfileAsync(CancellationToken cancellationToken) =>
        new ProfileCredentialSource(context, log, pipeline).GetAsync(args, minRemaining, promptOnTerminal: false, cancellationToken);

    public Task<CachedCredentials> ForRoleAsync(string roleArn, CancellationToken cancellationToken) =>
        new ProfileCredentialSource(context, log, pipeline).GetRoleAsync(args, roleArn, minRemaining, promptOnTerminal: false, cancellationToken);

    public void Dispose() => pipeline.Dispose();
}
