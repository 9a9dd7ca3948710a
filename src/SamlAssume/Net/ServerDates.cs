namespace SamlAssume.Net;

/// <summary>
/// The Date header of the last answer seen by one client (RFC 9110 §6.6.1: when the server produced it, on the
/// server's clock). STS states Expiration on its own clock but not when it issued the credentials, so its Date is the
/// issue time that gives their real lifetime, whatever this machine's clock says.
/// </summary>
public sealed class ServerDates
{
    private long lastTicks;

    /// <summary>The last Date seen, or null if no answer carried one.</summary>
    public DateTimeOffset? Last => Interlocked.Read(ref lastTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    internal void Saw(DateTimeOffset? date)
    {
        if (date is { } d) Interlocked.Exchange(ref lastTicks, d.UtcTicks);
    }
}
