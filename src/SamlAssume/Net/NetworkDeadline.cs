using System.Diagnostics;

namespace SamlAssume.Net;

/// <summary>
/// The most network time one login may spend (--network-deadline, default <see cref="Default"/>): time during which
/// at least one request to OneLogin or STS is in flight, summed over the login. Time spent on people (typing a
/// password or code, approving a push between polls) does not count, and parallel requests count once. Without it a
/// hung endpoint costs each retry's full timeout in turn; with it the whole login gives up at the deadline with
/// <see cref="NetworkDeadlineExceededException"/>. A loop starts each run with a fresh allowance (<see cref="Restart"/>).
/// </summary>
public sealed class NetworkDeadline(TimeSpan limit)
{
    public static readonly TimeSpan Default = TimeSpan.FromMinutes(2);
    public const int MinSeconds = 1;
    public const int MaxSeconds = 3600;

    private readonly Lock gate = new();
    private TimeSpan spent;
    private int inFlight;
    private long busySince;

    public TimeSpan Limit { get; } = limit;

    /// <summary>What is left now, counting a request still in flight.</summary>
    public TimeSpan Remaining
    {
        get
        {
            lock (gate)
            {
                var used = spent + (inFlight > 0 ? Stopwatch.GetElapsedTime(busySince) : TimeSpan.Zero);
                return used >= Limit ? TimeSpan.Zero : Limit - used;
            }
        }
    }

    public bool Exhausted => Remaining <= TimeSpan.Zero;

    /// <summary>Marks a request as started; dispose the result when its answer has been read (or it failed).</summary>
    public IDisposable Begin()
    {
        lock (gate)
        {
            if (inFlight++ == 0) busySince = Stopwatch.GetTimestamp();
        }
        return new InFlight(this);
    }

    /// <summary>A new allowance: a loop's next run is a new login.</summary>
    public void Restart()
    {
        lock (gate)
        {
            spent = TimeSpan.Zero;
            if (inFlight > 0) busySince = Stopwatch.GetTimestamp();
        }
    }

    private void End()
    {
        lock (gate)
        {
            if (--inFlight == 0) spent += Stopwatch.GetElapsedTime(busySince);
        }
    }

    private sealed class InFlight(NetworkDeadline owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.End();
        }
    }
}

/// <summary>The login's network deadline passed; nothing is retried after this (NetworkRetry), the login ends with exit 6.</summary>
/// <param name="waitingFor">What the request cut by it waited for ("AWS STS (127.0.0.1:4566) AssumeRoleWithSAML"), if known.</param>
public sealed class NetworkDeadlineExceededException(TimeSpan limit, string? waitingFor = null)
    : Exception($"gave up after {limit.TotalSeconds:0} s of network time for this login (--network-deadline): {waitingFor ?? "OneLogin or AWS STS"} is not answering; check your network or proxy and try again")
{
    public TimeSpan Limit { get; } = limit;
}
