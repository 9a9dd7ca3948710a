namespace SamlAssume.Aws.Sessions;

/// <summary>
/// The one MFA session of a source profile: served from the store while it has more than <see cref="MinRemaining"/>
/// left, else started with one code from the <see cref="MfaCodeProvider"/> under the store's lock (whoever waited on
/// the lock finds the new session and asks nothing). The only place that decides whether a session is still good.
/// </summary>
public sealed class MfaSession
{
    private readonly Lazy<SourceProfile> _source;
    private readonly SessionStsClient sts;
    private readonly MfaCodeProvider codes;
    private readonly IMfaSessionStore store;
    private readonly TimeProvider clock;

    public MfaSession(SourceProfile source, SessionStsClient sts, MfaCodeProvider codes, IMfaSessionStore store, TimeProvider clock)
        : this(source.Name, () => source, sts, codes, store, clock)
    {
        SerialNumber = source.MfaSerial;
    }

    /// <summary>
    /// A session whose source profile's keys are read only when a session has to be started (and before a code is
    /// asked): a stored session is served without them, so a keyring holding them is not opened for it.
    /// </summary>
    public MfaSession(string sourceName, Func<SourceProfile> source, SessionStsClient sts, MfaCodeProvider codes, IMfaSessionStore store, TimeProvider clock)
    {
        SourceName = sourceName;
        _source = new Lazy<SourceProfile>(source);
        this.sts = sts;
        this.codes = codes;
        this.store = store;
        this.clock = clock;
    }

    /// <summary>A session this close to its end is not handed out: a role call made with it could land after expiry.</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(1);

    public const int DefaultDurationSeconds = 43200;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 129600;

    private int _started;

    /// <summary>The freshness rule: a stored session is handed out only while more than this is left.</summary>
    public TimeSpan MinRemaining { get; init; } = DefaultMinRemaining;

    public string SourceName { get; }
    /// <summary>The source profile with its keys (read on first use).</summary>
    public SourceProfile Source => _source.Value;
    /// <summary>The MFA device; defaults to the source profile's mfa_serial.</summary>
    public string? SerialNumber { get; init; }
    public int DurationSeconds { get; init; } = DefaultDurationSeconds;
    /// <summary>How many sessions this object started (each one asked for one code).</summary>
    public int SessionsStarted => Volatile.Read(ref _started);

    /// <summary>The stored session if it is still good, else null.</summary>
    public StsCredentials? Cached() =>
        store.Read(SourceName) is { } s && s.Expiration - clock.GetUtcNow() > MinRemaining ? s : null;

    public async Task<StsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (Cached() is { } cached) return cached;
        using (await store.LockAsync(SourceName, cancellationToken))
        {
            if (Cached() is { } shared) return shared;
            var source = Source;
            if (DurationSeconds is < MinDurationSeconds or > MaxDurationSeconds)
                throw new ArgumentOutOfRangeException(nameof(DurationSeconds), DurationSeconds, $"an MFA session lasts {MinDurationSeconds}–{MaxDurationSeconds} s");
            var serial = SerialNumber ?? throw new AwsProfileException(
                $"no MFA device for source profile '{SourceName}': give --mfa-serial or set mfa_serial in the profile");
            var code = (await codes(new MfaCodeRequest(SourceName, serial), cancellationToken)).Trim();
            var session = await sts.GetSessionTokenAsync(source, serial, code, DurationSeconds, cancellationToken);
            store.Write(SourceName, session);
            Interlocked.Increment(ref _started);
            return session;
        }
    }

    /// <summary>Drops a session STS no longer takes (expired or revoked early), so the next <see cref="GetAsync"/> starts one.</summary>
    public void Forget(StsCredentials session)
    {
        if (store.Read(SourceName)?.AccessKeyId == session.AccessKeyId) store.Remove(SourceName);
    }
}
