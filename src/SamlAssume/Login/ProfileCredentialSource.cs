using SamlAssume.Cache;
using SamlAssume.Settings;

namespace SamlAssume.Login;

/// <summary>
/// A profile's credentials for credential-process, env, exec, console and serve, from either source: from the cache
/// while they are fresh enough, else one run of the pipeline for what the settings resolve the profile to (an entry of
/// onelogin.aws.json, or an IAM-user role profile of ~/.aws/config) through the one cache-and-lock path
/// (<see cref="CachedRefresh"/>): twenty AWS commands started together cost one sign-in and one MFA, and a failure is
/// shared with the herd instead of repeated. serve uses the same path, for the profile's role and for other roles of
/// the same sign-in (each its own cache entry and lock), with a <see cref="SharedPipeline"/> kept between refreshes.
/// </summary>
/// <param name="shared">A pipeline kept by the caller (serve); null builds one per refresh.</param>
public sealed class ProfileCredentialSource(CommandContext context, ProgressLog log, SharedPipeline? shared = null)
{
    /// <param name="promptOnTerminal">
    /// Sign-in prompts go to the controlling terminal (/dev/tty) instead of stdin/stderr: credential_process, whose
    /// standard streams belong to the AWS CLI.
    /// </param>
    public Task<CachedCredentials> GetAsync(LoginArguments args, TimeSpan minRemaining, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var profile = args.Profile ?? throw new InvalidInput("--profile is required");
        return GetAsync(args, profile, CacheEntry.Profile(profile), minRemaining, promptOnTerminal, (pipeline, delivery) => pipeline.RunAsync(delivery, cancellationToken), cancellationToken);
    }

    /// <summary>
    /// Another role of the profile's sign-in, named by its ARN, cached under its own entry (<see cref="RoleEntry"/>);
    /// an ARN the sign-in does not open is an <see cref="UnknownRoleException"/>.
    /// </summary>
    public Task<CachedCredentials> GetRoleAsync(LoginArguments args, string roleArn, TimeSpan minRemaining, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var profile = args.Profile ?? throw new InvalidInput("--profile is required");
        // Every role of a profile refreshes under one lock file: 2,000 requests for 2,000 ARNs leave one lock, not 2,000.
        var entry = RoleEntry(profile, roleArn);
        var refreshed = new CacheEntry(entry, p => p.LockFor($"{profile} role-arn"), $"refreshing role {roleArn} of [{profile}]");
        return GetAsync(args, entry, refreshed, minRemaining, promptOnTerminal,
            (pipeline, delivery) => pipeline.RunForRoleAsync(roleArn, delivery, cancellationToken), cancellationToken);
    }

    /// <summary>The cache entry of a role by ARN: never a profile's name (it has spaces), and one file per profile and ARN.</summary>
    public static string RoleEntry(string profile, string roleArn) => $"{profile} role-arn {roleArn}";

    /// <summary>Whether credentials a login kept in the cache may answer despite this failure to resolve the settings.</summary>
    private bool MayServeKept(Exception e) =>
        e is UnnamedProfile || e is Aws.Sessions.SharedFileException refused && refused.Path == Settings.IamUserProfiles.Files(context).CredentialsFile;

    private async Task<CachedCredentials> GetAsync(LoginArguments args, string entry, CacheEntry refreshed, TimeSpan minRemaining, bool promptOnTerminal,
        Func<LoginPipeline, CacheDelivery, Task> run, CancellationToken cancellationToken)
    {
        var cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
        // The files' fingerprint is taken before they are read: if one changes in between, the fast path sees a change.
        var inputs = SettingsInputs.Of(args.ConfigDirectory, context.CurrentDirectory, context.HomeDirectory, name => context.Environment[name]);
        // Resolved before the cache is asked: only credentials for what the settings name now are served.
        LoginSettings settings;
        try
        {
            settings = LoginSettings.Resolve(args, context, log);
        }
        catch (Exception e) when (MayServeKept(e) && cache.ReadFresh(entry, context.Clock.GetUtcNow(), minRemaining) is { Settings: CachedCredentials.KeptByLogin } kept)
        {
            // A login kept them here for this name when the credentials file refused them: no configuration names it,
            // or the credentials file is one botocore cannot parse either (a section twice) — the reason they were kept.
            log.Detail($"cached credentials for [{entry}] kept by a login, valid until {UtcSecondsConverter.Format(kept.Expiration)}");
            return kept;
        }
        var binding = SettingsBinding.Of(settings);
        var mismatchSaid = false;
        if (ReadFresh() is { } hit) return hit;

        return await new CachedRefresh(cache.Paths, context.Clock, log).GetAsync(refreshed, ReadFresh, async () =>
        {
            var delivery = new CacheDelivery(cache, entry, binding, inputs);
            if (promptOnTerminal) await SignInOnTerminalAsync(entry, settings, delivery, run, cancellationToken);
            else await RunPipelineAsync(context, log, settings, delivery, run, cancellationToken);
            log.Detail($"cached credentials for [{entry}] in {cache.Paths.CredentialsFor(entry)}");
            return delivery.Delivered!;
        }, cancellationToken);

        CachedCredentials? ReadFresh()
        {
            if (cache.ReadFresh(entry, context.Clock.GetUtcNow(), minRemaining) is not { } fresh) return null;
            if (!string.Equals(fresh.Settings, binding, StringComparison.Ordinal))
            {
                if (!mismatchSaid) log.Detail($"cached credentials for [{entry}] are for {fresh.Settings ?? "settings this version did not record"}; the settings now give {binding}: signing in again");
                mismatchSaid = true;
                return null;
            }
            if (inputs is not null && !string.Equals(fresh.Inputs, inputs, StringComparison.Ordinal)) Restamp(cache, entry, fresh with { Inputs = inputs });
            log.Detail($"cached credentials for [{entry}] valid until {UtcSecondsConverter.Format(fresh.Expiration)}");
            return fresh;
        }
    }

    /// <summary>
    /// The profile the user asked the AWS CLI for, when it says (AWS_PROFILE), and the one this sign-in is for:
    /// <c>aws</c> with profile [prod-admin] may run us for its source profile [hub].
    /// </summary>
    private string Asked(string profile) =>
        context.Environment["AWS_PROFILE"] is { Length: > 0 } asked && asked != profile ? $"[{asked}] (through [{profile}])" : $"[{profile}]";

    /// <summary>
    /// The files changed but still name the same: the entry takes their new fingerprint, so the fast path serves it
    /// again. Best effort: a failure only costs the next call the full path.
    /// </summary>
    private void Restamp(CredentialCache cache, string entry, CachedCredentials stamped)
    {
        try
        {
            cache.Write(entry, stamped);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CacheDirectoryException)
        {
            log.Detail($"could not update the cache entry of [{entry}]: {e.Message}");
        }
    }

    private async Task SignInOnTerminalAsync(string profile, LoginSettings settings, CacheDelivery delivery, Func<LoginPipeline, CacheDelivery, Task> run, CancellationToken cancellationToken)
    {
        using var terminal = context.OpenTerminal();
        var onTerminal = context.ForCredentialProcess(terminal);
        var terminalLog = new ProgressLog(onTerminal.Error, log.IsVerbose);
        if (terminal is not null) terminalLog.Step($"samlassume: signing in for AWS profile {Asked(profile)}");
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
