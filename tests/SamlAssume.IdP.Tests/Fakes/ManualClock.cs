namespace SamlAssume.IdP.Tests.Fakes;

/// <summary>A clock the test moves by hand, to check token expiry without waiting.</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
