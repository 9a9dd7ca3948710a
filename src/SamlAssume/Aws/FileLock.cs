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

    /// <summary>Waits up to <paramref name="timeout"/> for the lock; null if another holder kept it that long.</summary>
    public static FileLock? TryAcquire(string lockPath, TimeSpan timeout)
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

        var deadline = DateTime.UtcNow + timeout;
        var wait = FirstRetry;
        while (true)
        {
            try
            {
                return new FileLock(new FileStream(lockPath, options));
            }
            catch (IOException ex) when (IsHeldElsewhere(ex))
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero)
                {
                    return null;
                }

                wait = NextWait(wait);
                Thread.Sleep(wait < left ? wait : left);
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

    /// <summary>
    /// Like <see cref="TryAcquire"/>, but waits with <c>await</c> between attempts, so many waiters in one process
    /// (twenty credential_process refreshes, say) do not each pin a thread-pool thread while one of them signs in.
    /// </summary>
    public static async Task<FileLock?> TryAcquireAsync(string lockPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        var wait = FirstRetry;
        while (true)
        {
            if (TryAcquire(lockPath, TimeSpan.Zero) is { } held) return held;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            wait = NextWait(wait);
            await Task.Delay(wait < left ? wait : left, cancellationToken);
        }
    }

    public void Dispose() => stream.Dispose();

    // Somebody holds the lock: on Windows a sharing violation (ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION);
    // on Unix .NET reports flock's EWOULDBLOCK as an IOException whose HResult is the raw errno (11 on Linux,
    // 35 on macOS and the BSDs). A missing directory or a read-only disk will not get better by waiting.
    private static bool IsHeldElsewhere(IOException ex) =>
        ex.GetType() == typeof(IOException)
        && (OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) is 32 or 33 : ex.HResult is 11 or 35);
}
