namespace SamlAssume.Aws.Sessions;

/// <summary>
/// The one MFA session of a source profile: served from the store while it has more than <see cref="MinRemaining"/>
/// left, else started with one code from the <see cref="MfaCodeProvider"/> under the store's lock (whoever waited on
/// the lock finds the new session and asks nothing). The only place that decides whether a session is still good.
/// </summary>
public sealed class MfaSession(SourceProfile source, SessionStsClient sts, MfaCodeProvider codes, IMfaSessionStore store, TimeProvider clock)
{
    /// <summary>A session this close to its end is not handed out: a role call made with it could land after expiry.</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(1);

    public const int DefaultDurationSeconds = 43200;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 129600;

    private int _started;

    /// <summary>The freshness rule: a stored session is handed out only while more than this is left.</summary>
    public TimeSpan MinRemaining { get; init; } = DefaultMinRemaining;

    public SourceProfile Source { get; } = source;
    /// <summary>The MFA device; defaults to the source profile's mfa_serial.</summary>
    public string? SerialNumber { get; init; } = source.MfaSerial;
    public int DurationSeconds { get; init; } = DefaultDurationSeconds;
    /// <summary>How many sessions this object started (each one asked for one code).</summary>
    public int SessionsStarted => Volatile.Read(ref _started);

    /// <summary>The stored session if it is still good, else null.</summary>
    public StsCredentials? Cached() =>
        store.Read(Source.Name) is { } s && s.Expiration - clock.GetUtcNow() > MinRemaining ? s : null;

    public async Task<StsCredentials> GetAsync(CancellationToken cancellationToken)
    {
        if (Cached() is { } cached) return cached;
        using (await store.LockAsync(Source.Name, cancellationToken))
        {
            if (Cached() is { } shared) return shared;
            if (DurationSeconds is < MinDurationSeconds or > MaxDurationSeconds)
                throw new ArgumentOutOfRangeException(nameof(DurationSeconds), DurationSeconds, $"an MFA session lasts {MinDurationSeconds}–{MaxDurationSeconds} s");
            var serial = SerialNumber ?? throw new AwsProfileException(
                $"no MFA device for source profile '{Source.Name}': give --mfa-serial or set mfa_serial in the profile");
            var code = (await codes(new MfaCodeRequest(Source.Name, serial), cancellationToken)).Trim();
            var session = await sts.GetSessionTokenAsync(Source, serial, code, DurationSeconds, cancellationToken);
            store.Write(Source.Name, session);
            Interlocked.Increment(ref _started);
            return session;
        }
    }

    /// <summary>Drops a session STS no longer takes (expired or revoked early), so the next <see cref="GetAsync"/> starts one.</summary>
    public void Forget(StsCredentials session)
    {
        if (store.Read(Source.Name)?.AccessKeyId == session.AccessKeyId) store.Remove(Source.Name);
    }
}
