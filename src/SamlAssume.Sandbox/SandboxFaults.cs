namespace SamlAssume.Sandbox;

/// <summary>Per-endpoint faults (consumed in order, each for its Times) and latency, applied before normal handling.</summary>
public sealed class SandboxFaults
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, List<FaultSlot>> _faults = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, TimeSpan> _latency = new(StringComparer.OrdinalIgnoreCase);

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

    public void Clear()
    {
        lock (_gate)
        {
            _faults.Clear();
            _latency.Clear();
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
