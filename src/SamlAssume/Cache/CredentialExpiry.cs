namespace SamlAssume.Cache;

/// <summary>
/// The one place that decides whether credentials or an assertion are still good enough, and when a loop refreshes
/// (as aws-vault does: one rule, used by every reader of the cache).
/// </summary>
public static class CredentialExpiry
{
    /// <summary>credential_process and env serve cached credentials only while more than this remains (--min-remaining).</summary>
    public static readonly TimeSpan DefaultMinRemaining = TimeSpan.FromMinutes(15);

    /// <summary>A loop refreshes at 80% of the lifetime, or this long before expiry, whichever comes first.</summary>
    public static readonly TimeSpan RefreshAhead = TimeSpan.FromMinutes(10);

    /// <summary>An assertion is reused only while STS would still take it after this much travel and clock skew.</summary>
    public static readonly TimeSpan AssertionMargin = TimeSpan.FromSeconds(30);

    /// <summary>The largest --min-remaining: twelve hours, the longest STS session.</summary>
    public const int MaxMinRemainingMinutes = 720;

    /// <summary>--min-remaining in minutes as a span, or null when out of range (a usage error).</summary>
    public static TimeSpan? MinRemaining(int minutes) =>
        minutes is < 0 or > MaxMinRemainingMinutes ? null : TimeSpan.FromMinutes(minutes);

    public static bool IsFresh(DateTimeOffset expiration, DateTimeOffset now, TimeSpan minRemaining) =>
        expiration - now > minRemaining;

    /// <summary>When a <c>--loop 0</c> should fetch new credentials; never before <paramref name="issued"/>.</summary>
    public static DateTimeOffset RefreshAt(DateTimeOffset issued, DateTimeOffset expiration)
    {
        var lifetime = expiration - issued;
        if (lifetime <= TimeSpan.Zero) return issued;
        var atEightyPercent = issued + lifetime * 0.8;
        var aheadOfExpiry = expiration - RefreshAhead;
        var due = atEightyPercent < aheadOfExpiry ? atEightyPercent : aheadOfExpiry;
        return due < issued ? issued : due;
    }

    public static bool AssertionUsable(DateTimeOffset? notOnOrAfter, DateTimeOffset now) =>
        notOnOrAfter is { } end && now + AssertionMargin < end;
}
