using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Login;

/// <summary>
/// A profile's credentials for credential_process, env and exec: from the cache while they are fresh enough, else
/// one sign-in for the profile's entry of onelogin.aws.json. Only one process per profile refreshes at a time (a
/// lock under the cache directory); the others wait for it and then read what it cached, so twenty AWS commands
/// started together cost one sign-in and one MFA. serve uses the same path, for the profile's role and for other roles
/// of the same sign-in (each its own cache entry and lock), with a <see cref="SharedPipeline"/> kept between refreshes.
/// </summary>
/// <param name="shared">A pipeline kept by the caller (serve); null builds one per refresh.</param>
public sealed class ProfileCredentialSource(CommandContext context, ProgressLog log, SharedPipeline? shared = null)
{
    /// <summary>Long enough for a password, an MFA push and a role choice; after that a waiter gives up.</summary>
    public static readonly TimeSpan RefreshLockTimeout = TimeSpan.FromMinutes(5);

    /// <param name="promptOnTerminal">
    /// Sign-in prompts go to the controlling terminal (/dev/tty) instead of stdin/stderr: credential_process, whose
    /// standard streams belong to the AWS CLI.
    /// </param>
    public Task<CachedCredentials> GetAsync(LoginArguments args, TimeSpan minRemaining, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var profile = args.Profile ?? throw new InvalidInput("--profile is required");
        return GetAsync(args, profile, minRemaining, promptOnTerminal, (pipeline, delivery) => pipeline.RunAsync(delivery, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Another role of the profile's sign-in, named by its ARN, cached under its own entry (<see cref="RoleEntry"/>);
    /// an ARN the sign-in does not open is an <see cref="UnknownRoleException"/>.
    /// </summary>
    public Task<CachedCredentials> GetRoleAsync(LoginArguments args, string roleArn, TimeSpan minRemaining, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var profile = args.Profile ?? throw new InvalidInput("--profile is required");
        return GetAsync(args, RoleEntry(profile, roleArn), minRemaining, promptOnTerminal,
            (pipeline, delivery) => pipeline.RunForRoleAsync(roleArn, delivery, cancellationToken), cancellationToken);
    }

    /// <summary>The cache entry of a role by ARN: never a profile's name (it has spaces), and one file per profile and ARN.</summary>
    public static string RoleEntry(string profile, string roleArn) => $"{profile} role-arn {roleArn}";

    private async Task<CachedCredentials> GetAsync(LoginArguments args, string profile, TimeSpan minRemaining, bool promptOnTerminal,
        Func<LoginPipeline, CacheDelivery, Task> run, CancellationToken cancellationToken)
    {
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
        // Or just failed: then its failure is ours too, rather than a second password attempt or push.
        if (RefreshOutcome.RecentFailure(cache.Paths, profile, context.Clock.GetUtcNow()) is { } failed)
        {
            var age = Math.Max(0, (context.Clock.GetUtcNow() - failed.Time).TotalSeconds);
            throw new CommandFailure(failed.ExitCode,
                $"{failed.Message} (from another samlassume refreshing [{profile}] {age:0} s ago; not tried again for {RefreshOutcome.SharedFor.TotalSeconds:0} s after a failure)");
        }

        var delivery = new CacheDelivery(cache, profile);
        try
        {
            if (promptOnTerminal) await SignInOnTerminalAsync(profile, settings, delivery, run, cancellationToken);
            else await RunPipelineAsync(context, log, settings, delivery, run, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            ShareFailure(cache, profile, e);
            throw;
        }
        RefreshOutcome.Clear(cache.Paths, profile);
        var fresh = delivery.Delivered!;
        log.Detail($"cached credentials for [{profile}] in {cache.Paths.CredentialsFor(profile)}");
        return fresh;
    }

    /// <summary>
    /// Leaves this failure for the processes waiting on the lock. Not a usage error (another process may have the
    /// terminal or the option this one lacked) nor an unexpected one (a bug, whose message says --verbose).
    /// </summary>
    private void ShareFailure(CredentialCache cache, string profile, Exception failure)
    {
        var (code, message) = FailureReporter.Classify(failure);
        if (code is ExitCodes.Usage or ExitCodes.Unexpected or ExitCodes.Interrupted) return;
        try
        {
            RefreshOutcome.RecordFailure(cache.Paths, profile, code, message, context.Clock.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CacheDirectoryException)
        {
            log.Detail($"could not record the failure for other processes: {e.GetType().Name}");
        }
    }

    private async Task SignInOnTerminalAsync(string profile, LoginSettings settings, CacheDelivery delivery, Func<LoginPipeline, CacheDelivery, Task> run, CancellationToken cancellationToken)
    {
        using var terminal = context.OpenTerminal();
        var onTerminal = context.ForCredentialProcess(terminal);
        var terminalLog = new ProgressLog(onTerminal.Error, log.IsVerbose);
        if (terminal is not null) terminalLog.Step($"samlassume: signing in for AWS profile [{profile}]");
        try
        {
            await RunPipelineAsync(onTerminal, terminalLog, settings, delivery, run, cancellationToken);
        }
        catch (InvalidInput e) when (terminal is null)
        {
            throw new InvalidInput($"no valid cached credentials for [{profile}] and no terminal (/dev/tty) to sign in: {e.Message}", e);
        }
    }

    private async Task RunPipelineAsync(CommandContext onContext, ProgressLog onLog, LoginSettings settings, CacheDelivery delivery,
        Func<LoginPipeline, CacheDelivery, Task> run, CancellationToken cancellationToken)
    {
        if (shared is not null)
        {
            await shared.RunAsync(onContext, onLog, settings, pipeline => run(pipeline, delivery), cancellationToken);
            return;
        }
        using var pipeline = new LoginPipeline(onContext, onLog, settings);
        await run(pipeline, delivery);
    }
}
