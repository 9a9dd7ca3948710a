namespace SamlAssume.Tests.Infrastructure;

/// <summary>A clock stopped at one instant, e.g. for a sandbox that mints assertions which are already old.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
