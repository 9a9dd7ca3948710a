namespace SamlAssume.Sandbox.Tests;

/// <summary>A clock tests move by hand, so expiry and push timing need no sleeping.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public ManualClock() : this(DateTimeOffset.UtcNow) { }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
