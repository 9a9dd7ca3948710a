using SamlAssume.Aws.Sessions;
using SamlAssume.Net;

namespace SamlAssume.Aws;

/// <summary>
/// The one STS client set-up of the command line, for both sources (AssumeRoleWithSAML; GetSessionToken and
/// AssumeRole): the endpoint from <see cref="StsEndpoint"/>, our HTTP stack (proxy, timeouts, STS's Date), and exactly
/// one retry layer — Net/NetworkRetry's. The SDK's own retries and its stale-connection resends are off, so one reset
/// costs one request per NetworkRetry attempt, and a call that carries an MFA code is sent once.
/// </summary>
public static class StsClients
{
    public static StsClientOptions Options(StsEndpoint endpoint, HttpTransport transport, TransportHttpClientFactory http) => new()
    {
        ServiceUrl = endpoint.ServiceUrl,
        Region = endpoint.Region,
        HttpClientFactory = http,
        MaxErrorRetry = 0,
        MaxStaleConnectionRetries = 0,
        // NetworkRetry times each attempt out; this is only a backstop if that ever failed to.
        Timeout = transport.RequestTimeout + TimeSpan.FromSeconds(30),
    };
}
