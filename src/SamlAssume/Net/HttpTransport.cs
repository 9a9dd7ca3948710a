namespace SamlAssume.Net;

/// <summary>
/// How every request of one command reaches the network — OneLogin's API and AWS STS alike: the time allowed to
/// connect, the time allowed for one whole request (each retry gets its own), and the environment's proxy.
/// </summary>
public sealed record HttpTransport(TimeSpan ConnectTimeout, TimeSpan RequestTimeout, EnvironmentProxy? Proxy)
{
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan DefaultRequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The login's network-time allowance shared by all its requests; null means unbounded (one-off commands).</summary>
    public NetworkDeadline? Deadline { get; init; }

    /// <summary>Told what each request waits for while it is in flight (the terminal's spinner shows it); null tells nobody.</summary>
    public NetworkWaits? Waits { get; init; }

    public static HttpTransport For(ProcessEnvironment environment, TimeSpan connectTimeout, TimeSpan requestTimeout, TimeSpan? networkDeadline = null,
        NetworkWaits? waits = null) =>
        new(connectTimeout, requestTimeout, EnvironmentProxy.From(environment))
        {
            Deadline = networkDeadline is { } limit ? new NetworkDeadline(limit) : null,
            Waits = waits,
        };

    /// <summary>
    /// The handler every client of this transport sends through: <paramref name="factory"/>'s (the real sockets, or a
    /// test's) behind <see cref="WholeResponseTimeout"/>, so the request timeout covers the body and the deadline holds.
    /// </summary>
    /// <param name="dates">Told each answer's Date header (STS's issue time), if given.</param>
    /// <param name="service">What the requests go to ("AWS STS", "OneLogin"), as a wait names it.</param>
    public HttpMessageHandler Handler(Func<HttpTransport, HttpMessageHandler> factory, ServerDates? dates = null, string? service = null) =>
        new WholeResponseTimeout(RequestTimeout, Deadline, dates, Waits, service) { InnerHandler = factory(this) };

    /// <summary>The real handler. The proxy is always set explicitly: the default would read the process environment.</summary>
    public static HttpMessageHandler CreateHandler(HttpTransport transport) => new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = transport.ConnectTimeout,
        UseProxy = transport.Proxy is not null,
        Proxy = transport.Proxy,
        // A redirect could carry the password or client secret to another host: OneLogin's API never redirects.
        AllowAutoRedirect = false,
    };

    /// <summary>host:port of a URL, the port always written (the sandbox and proxies are told apart by it).</summary>
    public static string HostAndPort(Uri url) => $"{url.Host}:{url.Port}";

    public string Describe() =>
        $"connect timeout {ConnectTimeout.TotalSeconds:0.#} s, request timeout {RequestTimeout.TotalSeconds:0.#} s (body included), " +
        (Deadline is null ? "" : $"network deadline {Deadline.Limit.TotalSeconds:0} s, ") +
        (Proxy is null ? "no proxy" : $"proxy https: {Proxy.HttpsProxy?.ToString() ?? "none"}, http: {Proxy.HttpProxy?.ToString() ?? "none"}");
}
