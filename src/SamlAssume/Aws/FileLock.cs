namespace SamlAssume.Aws;

/// <summary>
/// An exclusive lock between processes, held by keeping a lock file open with FileShare.None: .NET takes
/// flock(LOCK_EX) for that on Unix and a sharing lock on Windows, and the OS drops it if the process dies.
/// The lock file is left in place afterwards: deleting it would let a third process lock a fresh file while
/// the second still waits on the old one.
/// </summary>
internal sealed class FileLock : IDisposable
{
    /// <summary>The first wait after finding the lock held; each later wait is drawn at random up to three times the last (capped).</summary>
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(5);
    /// <summary>The longest single wait: short next to a holder's typical 20–900 ms, so a freed lock is noticed soon.</summary>
    private static readonly TimeSpan LongestRetry = TimeSpan.FromMilliseconds(150);

    private readonly FileStream stream;

    private FileLock(FileStream stream) => this.stream = stream;

    /// <summary>
    /// Waits for the lock; null if one holder kept it for <paramref name="timeout"/>. The timeout is per holder, not
    /// for the whole wait: each holder stamps the lock file's modification time when it takes the lock, and a waiter
    /// that sees the stamp change knows the queue is moving and starts counting again. Fifty writers taking their turns
    /// behind each other therefore never give up, however long the queue (under 50 writers, 64 of 200 logins gave up
    /// after 10 s of total wait though no holder kept the lock a second); only a stuck holder (stopped, not dead — the
    /// OS releases a dead one's lock) makes waiters give up.
    /// </summary>
    public static FileLock? TryAcquire(string lockPath, TimeSpan timeout)
    {
        var waiting = new Waiting(lockPath, timeout);
        while (true)
        {
            if (TryTake(lockPath) is { } held) return held;
            if (waiting.NextWait() is not { } wait) return null;
            Thread.Sleep(wait);
        }
    }

    /// <summary>
    /// Like <see cref="TryAcquire"/>, but waits with <c>await</c> between attempts, so many waiters in one process
    /// (twenty credential_process refreshes, say) do not each pin a thread-pool thread while one of them signs in.
    /// </summary>
    public static async Task<FileLock?> TryAcquireAsync(string lockPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var waiting = new Waiting(lockPath, timeout);
        while (true)
        {
            if (TryTake(lockPath) is { } held) return held;
            if (waiting.NextWait() is not { } wait) return null;
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static FileLock? TryTake(string lockPath)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        try
        {
            var held = new FileLock(new FileStream(lockPath, options));
            try
            {
                // The stamp waiters watch: a new holder, so the queue is moving.
                File.SetLastWriteTimeUtc(lockPath, DateTime.UtcNow);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Without the stamp waiters only count longer; the lock itself is held.
            }
            return held;
        }
        catch (IOException ex) when (IsHeldElsewhere(ex))
        {
            return null;
        }
    }

    /// <summary>One waiter's state: whose turn it last saw (the lock file's stamp), since when, and its backoff.</summary>
    private sealed class Waiting(string lockPath, TimeSpan timeout)
    {
        private DateTime stamp = Stamp(lockPath);
        private DateTime heldSince = DateTime.UtcNow;
        private TimeSpan wait = FirstRetry;

        /// <summary>How long to sleep before trying again; null once one holder has kept the lock for the timeout.</summary>
        public TimeSpan? NextWait()
        {
            var now = DateTime.UtcNow;
            var current = Stamp(lockPath);
            if (current != stamp)
            {
                stamp = current;
                heldSince = now;
            }
            var left = heldSince + timeout - now;
            if (left <= TimeSpan.Zero) return null;
            wait = FileLock.NextWait(wait);
            return wait < left ? wait : left;
        }

        private static DateTime Stamp(string path)
        {
            try
            {
                return File.GetLastWriteTimeUtc(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return default;
            }
        }
    }

    /// <summary>
    /// Decorrelated jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): a random wait between the first
    /// retry and three times the last, capped. A fixed interval lets the same few waiters win every release while the
    /// rest starve (under 50 writers, 64 of 200 gave up after 10 s though no holder kept the lock a second); random,
    /// growing waits spread the waiters out so each gets its turn.
    /// </summary>
    internal static TimeSpan NextWait(TimeSpan previous)
    {
        var upper = Math.Min(LongestRetry.Ticks, previous.Ticks * 3);
        var lower = FirstRetry.Ticks;
        return TimeSpan.FromTicks(upper <= lower ? lower : lower + (long)(Random.Shared.NextDouble() * (upper - lower)));
    }

    public void Dispose() => stream.Dispose();

    // Somebody holds the lock: on Windows a sharing violation (ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION);
    // on Unix .NET reports flock's EWOULDBLOCK as an IOException whose HResult is the raw errno (11 on Linux,
    // 35 on macOS and the BSDs). A missing directory or a read-only disk will not get better by waiting.
    private static bool IsHeldElsewhere(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult is 11 or 35);
}
