namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A clock that jumps forward whenever something waits on it: a timer for 45 minutes moves time 45 minutes and fires
/// at once (on the thread pool). A refresh loop's hours then pass in milliseconds, and the sandbox, sharing the
/// clock, sees the same time. <see cref="Waited"/> lets a test act between runs (inject an outage, press Ctrl-C).
/// </summary>
public sealed class AutoAdvancingClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;
    private readonly List<TimeSpan> waits = [];

    /// <summary>Called with each wait, after time has moved and before the waiter resumes.</summary>
    public Action<TimeSpan>? Waited { get; set; }

    public IReadOnlyList<TimeSpan> Waits { get { lock (waits) return [.. waits]; } }

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new FiredOnce();
        if (dueTime == Timeout.InfiniteTimeSpan) return timer;
        lock (waits) waits.Add(dueTime);
        Interlocked.Add(ref ticks, dueTime.Ticks);
        ThreadPool.QueueUserWorkItem(_ =>
        {
            Waited?.Invoke(dueTime);
            if (!timer.Disposed) callback(state);
        });
        return timer;
    }

    private sealed class FiredOnce : ITimer
    {
        public bool Disposed { get; private set; }
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;
        public void Dispose() => Disposed = true;
        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
