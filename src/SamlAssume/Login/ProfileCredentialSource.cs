using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Login;

/// <summary>
/// A profile's credentials for credential_process, env and exec: from the cache while they are fresh enough, else
/// one sign-in for the profile's entry of onelogin.aws.json. Only one process per profile refreshes at a time (a
/// lock under the cache directory); the others wait for it and then read what it cached, so twenty AWS commands
/// started together cost one sign-in and one MFA.
/// </summary>
public sealed class ProfileCredentialSource(CommandContext context, ProgressLog log)
{
    /// <summary>Long enough for a password, an MFA push and a role choice; after that a waiter gives up.</summary>
    public static readonly TimeSpan RefreshLockTimeout = TimeSpan.FromMinutes(5);

    /// <param name="promptOnTerminal">
    /// Sign-in prompts go to the controlling terminal (/dev/tty) instead of stdin/stderr: credential_process, whose
    /// standard streams belong to the AWS CLI.
    /// </param>
    public async Task<CachedCredentials> GetAsync(LoginArguments args, TimeSpan minRemaining, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var profile = args.Profile ?? throw new InvalidInput("--profile is required");
        var cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
        if (cache.ReadFresh(profile, context.Clock.GetUtcNow(), minRemaining) is { } hit)
        {
            log.Detail($"cached credentials for [{profile}] valid until {UtcSecondsConverter.Format(hit.Expiration)}");
            return hit;
        }

        // A role profile of ~/.aws/config leading to an IAM user's keys is the second source's (IamUserProfileCredentials).
        if (IamUser.IamUserProfileCredentials.SourceOf(context, profile) is { } iamSource)
            return await IamUser.IamUserProfileCredentials.GetAsync(context, log, profile, iamSource, minRemaining, RefreshLockTimeout,
                args.HttpTimeout, promptOnTerminal, cancellationToken);

        var settings = LoginSettings.Resolve(args, context, log);
        using var held = await cache.LockAsync(profile, RefreshLockTimeout, cancellationToken)
            ?? throw new ProfileRefreshBusy($"another samlassume has been refreshing profile [{profile}] for over {RefreshLockTimeout.TotalMinutes:0} min (lock {cache.Paths.LockFor(profile)}); try again");
        // Whoever held the lock before us may have just refreshed: then there is nothing to do.
        if (cache.ReadFresh(profile, context.Clock.GetUtcNow(), minRemaining) is { } refreshed)
        {
            log.Detail($"another process refreshed [{profile}] while this one waited");
            return refreshed;
        }

        var delivery = new CacheDelivery(cache, profile);
        if (promptOnTerminal) await SignInOnTerminalAsync(profile, settings, delivery, cancellationToken);
        else await RunPipelineAsync(context, log, settings, delivery, cancellationToken);
        var fresh = delivery.Delivered!;
        log.Detail($"cached credentials for [{profile}] in {cache.Paths.CredentialsFor(profile)}");
        return fresh;
    }

    private async Task SignInOnTerminalAsync(string profile, LoginSettings settings, CacheDelivery delivery, CancellationToken cancellationToken)
    {
        using var terminal = context.OpenTerminal();
        var onTerminal = context.ForCredentialProcess(terminal);
        var terminalLog = new ProgressLog(onTerminal.Error, log.IsVerbose);
        if (terminal is not null) terminalLog.Step($"samlassume: signing in for AWS profile [{profile}]");
        try
        {
            await RunPipelineAsync(onTerminal, terminalLog, settings, delivery, cancellationToken);
        }
        catch (InvalidInput e) when (terminal is null)
        {
            throw new InvalidInput($"no valid cached credentials for [{profile}] and no terminal (/dev/tty) to sign in: {e.Message}", e);
        }
    }

    private static async Task RunPipelineAsync(CommandContext context, ProgressLog log, LoginSettings settings, CacheDelivery delivery, CancellationToken cancellationToken)
    {
        using var pipeline = new LoginPipeline(context, log, settings);
        await pipeline.RunAsync(delivery, cancellationToken);
    }
}
