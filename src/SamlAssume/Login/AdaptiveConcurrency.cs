namespace SamlAssume.Login;

/// <summary>
/// How many STS calls many roles make at once when <c>--max-parallel</c> is not given: as TCP's congestion control
/// does, start at <see cref="Start"/>, add an eighth of a call per success while nothing was throttled (slow start:
/// the window grows ×1.125 each round trip, see <see cref="SlowStartStep"/>), halve at the first throttling answer of a
/// window (<c>Throttling</c>/429, reported by the retry layer through <see cref="Throttled"/>), then grow by one per
/// window (additive increase). Never above <see cref="Ceiling"/>. Roles are usually in different accounts, so STS's
/// per-account quota is rarely the limit and the network's latency is: 100 roles at 100 ms take about five round
/// trips instead of thirteen at a fixed 8.
/// A throttled call is retried by Net/NetworkRetry (the one retry layer); a refusal is never retried.
/// </summary>
public sealed class AdaptiveConcurrency
{
    public const int Start = 16;
    public const int Ceiling = 64;

    /// <summary>
    /// Growth per answered call before the first throttling answer: ×1.125 per round trip. A throttling answer takes a
    /// round trip too, and whatever the limit grew during it is sent over the quota before the cut: against a quota of
    /// 20, ×1.5 cost up to 15 extra requests for 100 roles and ×1.25 up to 11 in a loaded test run; ×1.125 still
    /// reaches 25 calls at once by the fifth round trip.
    /// </summary>
    private const double SlowStartStep = 0.125;

    private readonly Lock gate = new();
    private readonly Queue<TaskCompletionSource> waiting = new();
    private static readonly AsyncLocal<Ticket?> Current = new();
    private double limit = Start;
    private bool slowStart = true;
    private int inFlight;
    private int window;

    /// <summary>The current limit, for messages and tests.</summary>
    public int Limit
    {
        get { lock (gate) return (int)limit; }
    }

    /// <summary>How many times a throttling answer halved the limit.</summary>
    public int Cuts { get; private set; }

    /// <summary>Waits for a place; the call's throttling answers count against the window it started in.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        TaskCompletionSource? turn = null;
        lock (gate)
        {
            if (inFlight < (int)limit) inFlight++;
            else waiting.Enqueue(turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        if (turn is not null)
        {
            await using var registration = cancellationToken.Register(() => turn.TrySetCanceled(cancellationToken));
            await turn.Task;
        }
        lock (gate) return new Ticket(this, window);
    }

    /// <summary>
    /// Makes <paramref name="ticket"/> the call of this async flow, so a throttling answer the retry layer reports
    /// further down counts against it (an AsyncLocal set inside <see cref="EnterAsync"/> would not reach the caller).
    /// </summary>
    public static void Track(IDisposable ticket)
    {
        if (ticket is Ticket t) Current.Value = t;
    }

    /// <summary>A throttling answer to the call running in this async flow (the retry layer reports it).</summary>
    public static void Throttled()
    {
        if (Current.Value is { } ticket) ticket.Owner.Cut(ticket.Window);
    }

    private void Cut(int startedIn)
    {
        lock (gate)
        {
            // One cut per window: the calls already in flight were sent at the old limit.
            if (startedIn != window) return;
            window++;
            slowStart = false;
            limit = Math.Max(1, limit / 2);
            Cuts++;
        }
    }

    private void Completed(bool succeeded)
    {
        lock (gate)
        {
            inFlight--;
            if (succeeded) limit = Math.Min(Ceiling, limit + (slowStart ? SlowStartStep : 1 / limit));
            while (inFlight < (int)limit && waiting.TryDequeue(out var next))
            {
                if (next.TrySetResult()) inFlight++;
            }
        }
    }

    private sealed class Ticket(AdaptiveConcurrency owner, int window) : IDisposable
    {
        private int done;
        public AdaptiveConcurrency Owner { get; } = owner;
        public int Window { get; } = window;
        public bool Succeeded { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) Owner.Completed(Succeeded);
        }
    }

    /// <summary>Marks the current call as succeeded before its ticket is disposed.</summary>
    public static void Succeeded(IDisposable ticket)
    {
        if (ticket is Ticket t) t.Succeeded = true;
    }
}
