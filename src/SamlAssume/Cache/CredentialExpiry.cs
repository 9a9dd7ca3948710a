namespace SamlAssume.Cache;

/// <summary>
/// The one place that decides whether credentials or an assertion are still good enough, and when a loop refreshes
/// (as aws-vault does: one rule, used by every reader of the cache).
/// </summary>
public static class CredentialExpiry
{
    /// <summary>credential_process and env serve cached credentials only while more than this remains (--min-remaining).</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(15);

    /// <summary>A loop refreshes at this fraction of the credentials' lifetime.</summary>
    public const double RefreshFraction = 0.8;

    /// <summary>A loop never refreshes sooner than this after its previous refresh, whatever the credentials say.</summary>
    public static readonly TimeSpan MinRefreshInterval = TimeSpan.FromSeconds(60);

    /// <summary>Clocks further apart than this (ours against STS's Date) are worth a warning.</summary>
    public static readonly TimeSpan ClockSkewWarning = TimeSpan.FromMinutes(1);

    /// <summary>An assertion is reused only while STS would still take it after this much travel and clock skew.</summary>
    public static readonly TimeSpan AssertionMargin = TimeSpan.FromSeconds(30);

    /// <summary>The largest --min-remaining: twelve hours, the longest STS session.</summary>
    public const int MaxMinRemainingMinutes = 720;

    /// <summary>--min-remaining in minutes as a span, or null when out of range (a usage error).</summary>
    public static TimeSpan? MinRemaining(int minutes) =>
        minutes is < 0 or > MaxMinRemainingMinutes ? null : TimeSpan.FromMinutes(minutes);

    /// <summary>
    /// Whether cached credentials are served: while more than <see cref="RequiredRemaining"/> is left. With the issue
    /// time unknown (a cache file from an older version), --min-remaining alone decides.
    /// </summary>
    public static bool IsFresh(DateTimeOffset expiration, DateTimeOffset now, TimeSpan minRemaining, DateTimeOffset? issued = null) =>
        expiration - now > RequiredRemaining(minRemaining, issued is { } i ? expiration - i : null);

    /// <summary>
    /// What must be left for cached credentials to be served: --min-remaining, but never more than half their
    /// lifetime. Otherwise a short session (<c>duration: 900</c>) would never have the default 15 minutes left and
    /// every call would sign in again; with the half-lifetime rule a 15-minute session is served for its first 7.5.
    /// </summary>
    public static TimeSpan RequiredRemaining(TimeSpan minRemaining, TimeSpan? lifetime) =>
        lifetime is { } l && l > TimeSpan.Zero && l / 2 < minRemaining ? l / 2 : minRemaining;

    /// <summary>
    /// When a <c>--loop 0</c> fetches new credentials, in local time: at <see cref="RefreshFraction"/> of their real
    /// lifetime, measured from when STS issued them (<paramref name="issued"/>, STS's Date, else our clock) to their
    /// Expiration — both STS's clock, so a local clock running fast or slow changes nothing — and counted from
    /// <paramref name="receivedAt"/> on our clock. Never sooner than <see cref="MinRefreshInterval"/> after
    /// <paramref name="receivedAt"/>, so credentials that arrive nearly or already expired cannot make a loop spin.
    /// </summary>
    public static DateTimeOffset RefreshAt(DateTimeOffset receivedAt, DateTimeOffset? issued, DateTimeOffset expiration)
    {
        var lifetime = expiration - (issued ?? receivedAt);
        var due = receivedAt + (lifetime > TimeSpan.Zero ? lifetime * RefreshFraction : TimeSpan.Zero);
        var earliest = receivedAt + MinRefreshInterval;
        return due < earliest ? earliest : due;
    }

    /// <summary>How far STS's clock (its Date) is ahead of ours (negative: behind); null when STS sent no Date.</summary>
    public static TimeSpan? ClockSkew(DateTimeOffset? serverDate, DateTimeOffset localNow) => serverDate is { } d ? d - localNow : null;

    public static bool AssertionUsable(DateTimeOffset? notOnOrAfter, DateTimeOffset now) =>
        notOnOrAfter is { } end && now + AssertionMargin < end;
}
