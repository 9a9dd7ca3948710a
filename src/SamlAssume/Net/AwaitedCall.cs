namespace SamlAssume.Net;

/// <summary>
/// The name of the call a request belongs to ("AssumeRoleWithSAML"), for what the wait spinner shows: the AWS SDK
/// builds its own requests, so the caller names the call around them and <see cref="WholeResponseTimeout"/> reads it.
/// Flows with the async call (AsyncLocal): parallel calls each see their own.
/// </summary>
public static class AwaitedCall
{
    private static readonly AsyncLocal<string?> Name = new();

    public static string? Current => Name.Value;

    /// <summary>Names the requests made until the result is disposed (or the calling async method returns).</summary>
    public static IDisposable Named(string call)
    {
        var previous = Name.Value;
        Name.Value = call;
        return new Restore(previous);
    }

    private sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => Name.Value = previous;
    }
}
