using System.Diagnostics;

namespace SamlAssume.Net;

/// <summary>
/// The requests of one command waiting on the network right now, and what each waits for ("AWS STS
/// (127.0.0.1:4566) AssumeRoleWithSAML"). <see cref="WholeResponseTimeout"/> tells it when a request starts and when
/// its answer was read or it failed; the terminal's spinner (Prompts/NetworkWaitSpinner) reads it. It knows no
/// terminal, so a command without one pays a list of a few entries.
/// </summary>
public sealed class NetworkWaits
{
    private readonly Lock gate = new();
    private readonly List<NetworkWait> waiting = [];
    private int quiet;

    /// <summary>Raised after a request stopped waiting, on its thread: a spinner erases itself before the caller logs a retry.</summary>
    public event Action? Ended;

    /// <summary>The longest-waiting request, or null when none waits or another display shows the wait (<see cref="Quiet"/>).</summary>
    public NetworkWait? Oldest
    {
        get
        {
            lock (gate) return quiet > 0 || waiting.Count == 0 ? null : waiting[0];
        }
    }

    /// <summary>A request starts waiting for <paramref name="what"/>; dispose the result when its answer is read (or it failed).</summary>
    public IDisposable Begin(string what)
    {
        var wait = new NetworkWait(what, Stopwatch.GetTimestamp());
        lock (gate) waiting.Add(wait);
        return new Handle(this, wait);
    }

    /// <summary>While another display (the push spinner) already shows that something is awaited, nothing is shown for the network.</summary>
    public IDisposable Quiet()
    {
        lock (gate) quiet++;
        return new QuietScope(this);
    }

    private void End(NetworkWait wait)
    {
        lock (gate) waiting.Remove(wait);
        Ended?.Invoke();
    }

    private sealed class Handle(NetworkWaits owner, NetworkWait wait) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) owner.End(wait);
        }
    }

    private sealed class QuietScope(NetworkWaits owner) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                lock (owner.gate) owner.quiet--;
            }
        }
    }
}

/// <summary>One request waiting: what for, and since when (a <see cref="Stopwatch"/> timestamp).</summary>
public sealed record NetworkWait(string What, long Since)
{
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(Since);
}
