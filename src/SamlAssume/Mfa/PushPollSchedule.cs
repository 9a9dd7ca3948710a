namespace SamlAssume.Mfa;

/// <summary>
/// When to ask OneLogin again whether a push was approved: every <see cref="FastInterval"/> during the first
/// <see cref="FastPeriod"/> after sending, then every <see cref="SteadyInterval"/>.
/// </summary>
/// <remarks>
/// Why two speeds: the time from approval to credentials is dominated by the wait for the next poll (half an
/// interval on average), and most approvals arrive within seconds of the push. OneLogin allows 5,000 API calls per
/// hour per account (GET /auth/rate_limit), shared by every user of the account, so we stay polite: the default
/// (0.5 s for 20 s, then 1 s) costs about 2 calls per second of waiting early on, at most 80 calls for a full 60 s
/// wait, and 10–20 for the usual approval within 5–10 s — against 60/5–10 for saml2aws's flat 1 s. See
/// docs/PERFORMANCE.md for what each schedule gives.
/// </remarks>
public sealed record PushPollSchedule(TimeSpan FastInterval, TimeSpan FastPeriod, TimeSpan SteadyInterval)
{
    public static readonly PushPollSchedule Default = new(TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(1));

    /// <summary>A flat schedule, as saml2aws polls (1 s); the benchmark compares it with the default.</summary>
    public static PushPollSchedule Every(TimeSpan interval) => new(interval, TimeSpan.Zero, interval);

    /// <summary>How long to wait before the next poll, <paramref name="sinceSent"/> after the push was sent.</summary>
    public TimeSpan DelayAfter(TimeSpan sinceSent) => sinceSent < FastPeriod ? FastInterval : SteadyInterval;
}
