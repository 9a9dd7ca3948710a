namespace SamlAssume.Tests.Infrastructure;

/// <summary>A clock a test moves by hand, shared by a served samlassume and the sandbox so credentials age together.</summary>
public sealed class MovableClock(DateTimeOffset start) : TimeProvider
{
    private long ticks = start.UtcTicks;

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref ticks), TimeSpan.Zero);

    public void Advance(TimeSpan by) => Interlocked.Add(ref ticks, by.Ticks);
}
