namespace SamlAssume.Login;

/// <summary>
/// How many STS calls many roles make at once when <c>--max-parallel</c> is not given, as TCP's congestion control
/// decides a window: start at <see cref="Start"/>; after each round in which STS throttled nothing, grow ×1.5 (slow
/// start); at the first throttling answer of a window (<c>Throttling</c>/429, reported by the retry layer through
/// <see cref="ThrottledAsync"/>) halve, then grow by one per round (additive increase). Never above
/// <see cref="Ceiling"/>. Roles are usually in different accounts, so STS's per-account quota is rarely the limit and
/// the network's latency is: 100 roles at 100 ms take three round trips (24 + 36 + 40) instead of thirteen at 8. The
/// start is well under STS's default request quota (600 a second an account, as a quota of calls in flight at 100 ms:
/// 60), and a quota of 20 in flight costs 4 extra requests.
/// <para>
/// Two rules keep a quota's cost to one overshoot. Growth is decided when a whole round has answered, throttled calls
/// included: a throttling answer takes a round trip, and limits grown call by call during that round trip were sent
/// over the quota before the cut (×1.5 per round trip grown per answer cost up to 15 extra requests for 100 roles
/// against a quota of 20). And a throttled call gives up its place and waits for one under the cut limit before its
/// retry, so it is not sent again into the same full quota.
/// </para>
/// A throttled call is retried by Net/NetworkRetry (the one retry layer); a refusal is never retried.
/// </summary>
public sealed class AdaptiveConcurrency
{
    public const int Start = 24;
    public const int Ceiling = 64;
    private const double SlowStartGrowth = 1.5;

    private readonly Lock gate = new();
    // Throttled calls waiting to retry go before calls not yet sent, each in its order.
    private readonly Queue<TaskCompletionSource> retries = new();
    private readonly Queue<TaskCompletionSource> waiting = new();
    private static readonly AsyncLocal<Ticket?> Current = new();
    // Rounds in launch order: a round is the calls sent between the first answer of the round before and its own.
    private readonly Queue<Round> rounds = new();
    private int limit = Start;
    private bool slowStart = true;
    private int inFlight;
    private int window;

    public AdaptiveConcurrency() => rounds.Enqueue(new Round());

    /// <summary>The current limit, for messages and tests.</summary>
    public int Limit
    {
        get { lock (gate) return limit; }
    }

    /// <summary>How many times a throttling answer halved the limit.</summary>
    public int Cuts { get; private set; }

    /// <summary>Waits for a place; the call's throttling answers count against the window it started in.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await AdmitAsync(retry: false, cancellationToken);
        lock (gate)
        {
            var round = rounds.Last();
            round.Outstanding++;
            return new Ticket(this, window, round);
        }
    }

    private async Task AdmitAsync(bool retry, CancellationToken cancellationToken)
    {
        TaskCompletionSource? turn = null;
        lock (gate)
        {
            if (inFlight < limit && retries.Count == 0 && waiting.Count == 0) inFlight++;
            else (retry ? retries : waiting).Enqueue(turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }
        if (turn is null) return;
        await using var registration = cancellationToken.Register(() => turn.TrySetCanceled(cancellationToken));
        // A cancelled turn stays queued and is skipped by Release (TrySetResult fails), so it never takes a place.
        await turn.Task;
    }

    /// <summary>
    /// Makes <paramref name="ticket"/> the call of this async flow, so a throttling answer the retry layer reports
    /// further down counts against it (an AsyncLocal set inside <see cref="EnterAsync"/> would not reach the caller).
    /// </summary>
    public static void Track(IDisposable ticket)
    {
        if (ticket is Ticket t) Current.Value = t;
    }

    /// <summary>
    /// A throttling answer to the call running in this async flow (the retry layer reports it before its retry):
    /// halves the limit once per window, and holds the retry until there is a place under the new limit.
    /// </summary>
    public static ValueTask ThrottledAsync(CancellationToken cancellationToken) =>
        Current.Value is { } ticket ? new ValueTask(ticket.Owner.ThrottledAsync(ticket, cancellationToken)) : ValueTask.CompletedTask;

    private async Task ThrottledAsync(Ticket ticket, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            ticket.Round.Throttled = true;
            // One cut per window: the calls already in flight were sent at the old limit.
            if (ticket.Window == window)
            {
                window++;
                slowStart = false;
                limit = Math.Max(1, limit / 2);
                Cuts++;
            }
            Release();
        }
        try
        {
            await AdmitAsync(retry: true, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            ticket.HoldsNoPlace = true;
            throw;
        }
    }

    private void Completed(Ticket ticket)
    {
        lock (gate)
        {
            if (!ticket.HoldsNoPlace) inFlight--;
            var round = ticket.Round;
            round.Outstanding--;
            // The first answer of the newest round: calls sent from now on belong to the next one.
            if (!round.Answered)
            {
                round.Answered = true;
                if (ReferenceEquals(round, rounds.Last())) rounds.Enqueue(new Round());
            }
            if (ticket.Succeeded) round.Succeeded = true;
            // Rounds close in order, each when all its calls (retries included) have answered.
            while (rounds.Count > 1 && rounds.Peek() is { Outstanding: 0, Answered: true } closed)
            {
                rounds.Dequeue();
                if (closed.Throttled || !closed.Succeeded) continue;
                limit = Math.Min(Ceiling, slowStart ? (int)Math.Ceiling(limit * SlowStartGrowth) : limit + 1);
            }
            Release(alreadyFree: true);
        }
    }

    /// <summary>Frees a place (unless <paramref name="alreadyFree"/>) and hands places out to waiting calls.</summary>
    private void Release(bool alreadyFree = false)
    {
        if (!alreadyFree) inFlight--;
        while (inFlight < limit && (retries.TryDequeue(out var next) || waiting.TryDequeue(out next)))
        {
            if (next.TrySetResult()) inFlight++;
        }
    }

    private sealed class Round
    {
        public int Outstanding;
        public bool Answered;
        public bool Throttled;
        public bool Succeeded;
    }

    private sealed class Ticket(AdaptiveConcurrency owner, int window, Round round) : IDisposable
    {
        private int done;
        public AdaptiveConcurrency Owner { get; } = owner;
        public int Window { get; } = window;
        public Round Round { get; } = round;
        public bool Succeeded { get; set; }
        public bool HoldsNoPlace { get; set; }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref done, 1) == 0) Owner.Completed(this);
        }
    }

    /// <summary>Marks the current call as succeeded before its ticket is disposed.</summary>
    public static void Succeeded(IDisposable ticket)
    {
        if (ticket is Ticket t) t.Succeeded = true;
    }
}
