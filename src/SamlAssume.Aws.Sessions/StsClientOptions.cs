using Amazon.Runtime;

namespace SamlAssume.Aws.Sessions;

/// <summary>
/// How to reach STS. <see cref="MaxErrorRetry"/> is the only retry layer: the SDK's own (standard mode, backoff with
/// jitter), used for AssumeRole; GetSessionToken with an MFA code is never retried (a code STS may have seen is not
/// sent again).
/// </summary>
public sealed record StsClientOptions
{
    public const string DefaultRegion = "us-east-1";

    /// <summary>An endpoint such as the sandbox's or moto's; null means the region's public endpoint.</summary>
    public Uri? ServiceUrl { get; init; }
    public string Region { get; init; } = DefaultRegion;
    public int MaxErrorRetry { get; init; } = 2;
    /// <summary>
    /// The SDK's immediate resends of a request on a reset it takes for a stale pooled connection, outside
    /// <see cref="MaxErrorRetry"/> (AWSSDK.Core's MaxStaleConnectionRetries); null keeps the SDK's. A caller with a
    /// retry layer of its own sets 0. A call with an MFA code never resends.
    /// </summary>
    public int? MaxStaleConnectionRetries { get; init; }
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>The caller's HTTP stack (proxy, timeouts); null lets the SDK build its own.</summary>
    public HttpClientFactory? HttpClientFactory { get; init; }

    /// <summary>
    /// As the AWS SDKs and CLI decide: <c>AWS_ENDPOINT_URL_STS</c>, then <c>AWS_ENDPOINT_URL</c>, unless
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true; region from the argument, <c>AWS_REGION</c>,
    /// <c>AWS_DEFAULT_REGION</c>, else us-east-1.
    /// </summary>
    public static StsClientOptions FromEnvironment(Func<string, string?> environment, string? region = null)
    {
        var ignore = string.Equals(environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);
        var configured = ignore ? null : environment("AWS_ENDPOINT_URL_STS") ?? environment("AWS_ENDPOINT_URL");
        Uri? url = null;
        if (configured is { Length: > 0 } && (!Uri.TryCreate(configured, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https")))
            throw new ArgumentException($"AWS_ENDPOINT_URL_STS/AWS_ENDPOINT_URL \"{configured}\" is not an http(s) URL");
        return new StsClientOptions
        {
            ServiceUrl = url,
            Region = region ?? environment("AWS_REGION") ?? environment("AWS_DEFAULT_REGION") ?? DefaultRegion,
        };
    }

    /// <summary>The SDK configuration: this endpoint, timeout and HTTP stack, with <paramref name="maxErrorRetry"/> retries.</summary>
    public Amazon.SecurityToken.AmazonSecurityTokenServiceConfig ToConfig(int maxErrorRetry)
    {
        var config = new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig
        {
            // Endpoints are decided here, from the caller's environment, not from another read of the process's.
            IgnoreConfiguredEndpointUrls = true,
            MaxErrorRetry = maxErrorRetry,
            RetryMode = RequestRetryMode.Standard,
            Timeout = Timeout,
        };
        if (maxErrorRetry == 0 && MaxStaleConnectionRetries is null || MaxStaleConnectionRetries == 0) config.MaxStaleConnectionRetries = 0;
        else if (MaxStaleConnectionRetries is { } resends) config.MaxStaleConnectionRetries = resends;
        if (HttpClientFactory is not null) config.HttpClientFactory = HttpClientFactory;
        if (ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(Region);
        }
        return config;
    }

    public override string ToString() => ServiceUrl?.ToString() ?? $"sts.{Region}.amazonaws.com";
}
