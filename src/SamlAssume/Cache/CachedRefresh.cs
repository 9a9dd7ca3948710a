using SamlAssume.Aws;

namespace SamlAssume.Cache;

/// <summary>
/// The one cache-and-lock path of every source (aws-vault's cached session provider): a cache hit is served; else
/// one process per entry refreshes under a lock that the OS releases if it dies, while the others wait, then read what
/// it cached — or, when it failed while they waited, answer its failure instead of a second password, push or MFA
/// code. A process that starts after the failure tries again. Profiles (OneLogin's and the IAM user's role profiles), roles by ARN and the IAM user's
/// MFA sessions all go through here.
/// </summary>
public sealed class CachedRefresh(CachePaths paths, TimeProvider clock, ProgressLog log)
{
    /// <summary>Long enough for a password, an MFA push and a role choice; after that a waiter gives up.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public CachePaths Paths { get; } = paths;

    /// <param name="entry">Names the entry's lock and failure record, and says what is refreshed in messages.</param>
    /// <param name="readFresh">The entry from the cache if fresh enough, else null; asked before and after the lock.</param>
    /// <param name="refresh">Makes and caches a fresh entry; runs at most once per herd of processes.</param>
    public async Task<T> GetAsync<T>(CacheEntry entry, Func<T?> readFresh, Func<Task<T>> refresh, CancellationToken cancellationToken) where T : class
    {
        if (readFresh() is { } hit) return hit;
        // A failure recorded before this process began waiting is not its herd's: it tries again (a corrected password, a fresh code).
        var earlierFailure = RefreshOutcome.RecentFailure(Paths, entry.Key, clock.GetUtcNow())?.Id;
        Paths.Ensure(Paths.LocksDirectory);
        var lockPath = entry.LockPath(Paths);
        using var held = await FileLock.TryAcquireAsync(lockPath, LockTimeout, cancellationToken)
            ?? throw new ProfileRefreshBusy($"another samlassume has been {entry.Refreshing} for over {LockTimeout.TotalMinutes:0} min (lock {lockPath}); try again");
        // Whoever held the lock before us may have just refreshed: then there is nothing to do.
        if (readFresh() is { } refreshed)
        {
            log.Detail($"another process finished {entry.Refreshing} while this one waited");
            return refreshed;
        }
        // Or just failed: then its failure is ours too, rather than a second password attempt, push or code.
        var now = clock.GetUtcNow();
        if (RefreshOutcome.RecentFailure(Paths, entry.Key, now) is { } failed && failed.Id != earlierFailure)
        {
            var age = Math.Max(0, (now - failed.Time).TotalSeconds);
            throw new SharedRefreshFailure(failed.Kind,
                $"{failed.Message} (from another samlassume {entry.Refreshing} {age:0} s ago, which this one waited for; run the command again to retry)");
        }
        T value;
        try
        {
            value = await refresh();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Share(entry, e);
            throw;
        }
        RefreshOutcome.Clear(Paths, entry.Key);
        return value;
    }

    /// <summary>
    /// Leaves this failure for the processes waiting on the lock. Not a usage error (another process may have the
    /// terminal or the option this one lacked) nor an unexpected one (a bug, whose message says --verbose).
    /// </summary>
    private void Share(CacheEntry entry, Exception failure)
    {
        var (kind, message) = FailureKinds.Of(failure);
        if (kind is FailureKind.Usage or FailureKind.Unexpected or FailureKind.Interrupted) return;
        try
        {
            RefreshOutcome.RecordFailure(Paths, entry.Key, kind, message, clock.GetUtcNow());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CacheDirectoryException)
        {
            log.Detail($"could not record the failure for other processes: {e.GetType().Name}");
        }
    }
}

/// <summary>What <see cref="CachedRefresh"/> refreshes: its lock, its failure record, and how messages name it.</summary>
public sealed record CacheEntry(string Key, Func<CachePaths, string> LockPath, string Refreshing)
{
    /// <summary>A profile's credentials (credential-process, env, exec, serve, console).</summary>
    public static CacheEntry Profile(string profile) => new(profile, p => p.LockFor(profile), $"refreshing profile [{profile}]");

    /// <summary>An IAM user's MFA session, shared by every role profile leading to its source profile.</summary>
    public static CacheEntry MfaSession(string sourceProfile) =>
        new($"mfa-session {sourceProfile}", p => p.SessionLockFor(sourceProfile), $"starting the MFA session of [{sourceProfile}]");
}
