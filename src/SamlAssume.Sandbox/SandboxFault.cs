namespace SamlAssume.Sandbox;

/// <summary>
/// A misbehaviour to inject in place of the next <see cref="Times"/> answers of an endpoint:
/// a status (with OneLogin/AWS-shaped body), a proxy's HTML page, a hang, or a reset connection.
/// </summary>
public sealed record SandboxFault(int StatusCode = 500, int Times = 1)
{
    /// <summary>Sent as Retry-After (seconds) and X-RateLimit-Reset.</summary>
    public TimeSpan? RetryAfter { get; init; }
    /// <summary>Answer with an HTML error page, as a proxy or load balancer in front of the API would.</summary>
    public bool HtmlBody { get; init; }
    /// <summary>Never answer until the client gives up (or the sandbox stops).</summary>
    public bool Hang { get; init; }
    /// <summary>Drop the connection without an HTTP answer (HttpContext.Abort()).</summary>
    public bool ResetConnection { get; init; }
}
