using Amazon.Runtime;
using SamlAssume.Net;

namespace SamlAssume.Aws;

/// <summary>
/// Gives the AWS SDK the same transport as OneLogin's calls — connect timeout, request timeout, the proxy from the
/// command's environment (not the process's) — so STS behaves like the rest of the tool behind a proxy.
/// </summary>
internal sealed class TransportHttpClientFactory(HttpTransport transport, Func<HttpTransport, HttpMessageHandler> handlerFactory) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(handlerFactory(transport), disposeHandler: true) { Timeout = clientConfig.Timeout ?? transport.RequestTimeout };

    // One client per SamlRoleAssumer, disposed with it: no process-wide cache keyed on a config we cannot see.
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => true;

    public override string GetConfigUniqueString(IClientConfig clientConfig) => "samlassume-transport";
}
