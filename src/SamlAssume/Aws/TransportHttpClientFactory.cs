using Amazon.Runtime;
using SamlAssume.Net;

namespace SamlAssume.Aws;

/// <summary>
/// Gives the AWS SDK the same transport as OneLogin's calls — connect timeout, request timeout, the proxy from the
/// command's environment (not the process's) — so STS behaves like the rest of the tool behind a proxy.
/// </summary>
public sealed class TransportHttpClientFactory(HttpTransport transport, Func<HttpTransport, HttpMessageHandler> handlerFactory) : HttpClientFactory, IDisposable
{
    private readonly Lock creating = new();
    private HttpClient? client;

    /// <summary>STS's Date on its answers: when it issued the credentials, on its clock.</summary>
    public ServerDates Dates { get; } = new();

    // With the SDK's caching off, it asks for a client on every request: hand out the same one, so its connection
    // pool is reused (a new handler per request meant a new TCP connection, and against real STS a new TLS handshake,
    // for each of 100 roles). Created under a lock: with many roles in flight, a compare-exchange race still built
    // (and threw away) extra handlers.
    public override HttpClient CreateHttpClient(IClientConfig clientConfig)
    {
        if (Volatile.Read(ref client) is { } existing) return existing;
        lock (creating)
        {
            return client ??= new HttpClient(transport.Handler(handlerFactory, Dates, "AWS STS"), disposeHandler: true) { Timeout = clientConfig.Timeout ?? transport.RequestTimeout };
        }
    }

    // One client per SamlRoleAssumer, disposed with it: no process-wide cache keyed on a config we cannot see.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "samlassume-transport";

    public void Dispose()
    {
        lock (creating)
        {
            client?.Dispose();
            client = null;
        }
    }
}
