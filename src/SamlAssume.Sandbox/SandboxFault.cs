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
    /// <summary>
    /// Send the status and headers at once, then one byte of body every this long, never finishing: the server that
    /// keeps a client whose timeout stops at the headers waiting forever.
    /// </summary>
    public TimeSpan? SlowBodyByteInterval { get; init; }
    /// <summary>Answer exactly this body (with <see cref="ContentType"/>) instead of a service-shaped error: e.g. a 200 with malformed XML.</summary>
    public string? Body { get; init; }
    public string ContentType { get; init; } = "text/xml";
    /// <summary>Let this many requests through normally before the fault starts (e.g. the push, then fail the polls).</summary>
    public int After { get; init; }
}
