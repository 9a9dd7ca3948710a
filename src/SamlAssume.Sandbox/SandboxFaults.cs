namespace SamlAssume.Sandbox;

/// <summary>Per-endpoint faults (consumed in order, each for its Times) and latency, applied before normal handling.</summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<FaultSlot>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimeSpan> _latency = new(StringComparer.OrdinalIgnoreCase);

    private readonly Dictionary<string, int> _concurrencyLimit = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _inFlight = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, int> _peak = new(StringComparer.OrdinalIgnoreCase);
    private TimeSpan? _credentialLifetime;
    private TimeSpan? _newKeyDelay;

    private sealed class FaultSlot(SandboxFault fault)
    {
        public SandboxFault Fault { get; } = fault;
        public int Remaining { get; set; } = fault.Times;
        public int Skip { get; set; } = fault.After;
    }

    /// <summary>
    /// Expiry rewriting: when set, STS issues credentials that expire this long after the sandbox clock's now, whatever
    /// DurationSeconds asked (as a role chained or capped by SessionNotOnOrAfter would). Null: the real rules.
    /// </summary>
    public TimeSpan? CredentialLifetime
    {
        get { lock (_gate) return _credentialLifetime; }
        set { lock (_gate) _credentialLifetime = value; }
    }

    /// <summary>
    /// How long a key from IAM CreateAccessKey stays unknown to STS and IAM (AWS: "eventually consistent"; a client
    /// polls GetCallerIdentity before relying on a new key). Null: at once.
    /// </summary>
    public TimeSpan? NewKeyDelay
    {
        get { lock (_gate) return _newKeyDelay; }
        set { lock (_gate) _newKeyDelay = value; }
    }

    public void Add(string endpoint, SandboxFault fault)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fault.Times, 1);
        lock (_gate)
        {
            if (!_faults.TryGetValue(endpoint, out var list)) _faults[endpoint] = list = [];
            list.Add(new FaultSlot(fault));
        }
    }

    public void SetLatency(string endpoint, TimeSpan latency)
    {
        lock (_gate) _latency[endpoint] = latency;
    }

    /// <summary>
    /// A request quota as AWS enforces one: while more than <paramref name="max"/> requests to the endpoint are in
    /// flight, the next is answered with STS's throttling error (HTTP 400, code Throttling, "Rate exceeded";
    /// https://docs.aws.amazon.com/STS/latest/APIReference/CommonErrors.html — ThrottlingException, 400), after the
    /// endpoint's latency, like a real rejection that took a round trip.
    /// </summary>
    public void SetConcurrencyLimit(string endpoint, int max)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        lock (_gate) _concurrencyLimit[endpoint] = max;
    }

    /// <summary>Counts a request in flight; false (and not counted) when it is over the endpoint's limit.</summary>
    internal bool TryEnter(string endpoint)
    {
        lock (_gate)
        {
            var now = _inFlight.GetValueOrDefault(endpoint);
            if (_concurrencyLimit.TryGetValue(endpoint, out var max) && now >= max) return false;
            _inFlight[endpoint] = now + 1;
            _peak[endpoint] = Math.Max(_peak.GetValueOrDefault(endpoint), now + 1);
            return true;
        }
    }

    /// <summary>The most requests to the endpoint that were admitted and in flight at once.</summary>
    public int PeakInFlight(string endpoint)
    {
        lock (_gate) return _peak.GetValueOrDefault(endpoint);
    }

    internal void Leave(string endpoint)
    {
        lock (_gate) _inFlight[endpoint] = _inFlight.GetValueOrDefault(endpoint) - 1;
    }

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
            _latency.Clear();
            _concurrencyLimit.Clear();
            _credentialLifetime = null;
            _newKeyDelay = null;
        }
    }

    internal TimeSpan LatencyFor(string endpoint)
    {
        lock (_gate) return _latency.TryGetValue(endpoint, out var latency) ? latency : TimeSpan.Zero;
    }

    /// <summary>Takes one use of the first pending fault for the endpoint, if any.</summary>
    internal SandboxFault? TakeNext(string endpoint)
    {
        lock (_gate)
        {
            if (!_faults.TryGetValue(endpoint, out var list) || list.Count == 0) return null;
            var slot = list[0];
            if (slot.Skip > 0)
            {
                slot.Skip--;
                return null;
            }
            if (--slot.Remaining <= 0) list.RemoveAt(0);
            return slot.Fault;
        }
    }

    internal void Apply(IEnumerable<SandboxFaultSpec> specs)
    {
        foreach (var spec in specs)
        {
            if (spec.LatencyMs is { } ms) SetLatency(spec.Endpoint, TimeSpan.FromMilliseconds(ms));
            if (spec.StatusCode is null && !spec.Hang && !spec.ResetConnection && !spec.HtmlBody && spec.SlowBodyByteIntervalMs is null && spec.Body is null) continue;
            Add(spec.Endpoint, new SandboxFault(spec.StatusCode ?? 500, spec.Times)
            {
                RetryAfter = spec.RetryAfterSeconds is { } s ? TimeSpan.FromSeconds(s) : null,
                HtmlBody = spec.HtmlBody,
                Hang = spec.Hang,
                ResetConnection = spec.ResetConnection,
                SlowBodyByteInterval = spec.SlowBodyByteIntervalMs is { } slow ? TimeSpan.FromMilliseconds(slow) : null,
                Body = spec.Body,
                After = spec.After,
            });
        }
    }
}
