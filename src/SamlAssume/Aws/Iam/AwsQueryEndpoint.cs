namespace SamlAssume.Aws.Iam;

/// <summary>
/// One AWS Query-protocol endpoint: where to POST, and what the SigV4 scope says. IAM is a global service: one
/// endpoint per partition, signed for the partition's home region (us-east-1 in the aws partition).
/// </summary>
public sealed record AwsQueryEndpoint(Uri Url, string SigningRegion, string SigningService, string ApiVersion)
{
    public const string IamApiVersion = "2010-05-08";
    public const string StsApiVersion = "2011-06-15";

    /// <summary>
    /// IAM as the SDKs choose it: <c>AWS_ENDPOINT_URL_IAM</c>, then <c>AWS_ENDPOINT_URL</c> (both skipped when
    /// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true), else the partition's global endpoint
    /// (docs.aws.amazon.com/general/latest/gr/iam-service.html). A configured endpoint is signed for us-east-1.
    /// </summary>
    /// <param name="region">The profile's region, only used to pick the partition (cn-…, us-gov-…).</param>
    public static AwsQueryEndpoint Iam(ProcessEnvironment environment, string? region = null)
    {
        var configured = Configured(environment, "AWS_ENDPOINT_URL_IAM");
        if (configured is not null) return new AwsQueryEndpoint(configured, "us-east-1", "iam", IamApiVersion);
        if (region?.StartsWith("cn-", StringComparison.Ordinal) == true)
            return new AwsQueryEndpoint(new Uri("https://iam.cn-north-1.amazonaws.com.cn/"), "cn-north-1", "iam", IamApiVersion);
        if (region?.StartsWith("us-gov-", StringComparison.Ordinal) == true)
            return new AwsQueryEndpoint(new Uri("https://iam.us-gov.amazonaws.com/"), "us-gov-west-1", "iam", IamApiVersion);
        return new AwsQueryEndpoint(new Uri("https://iam.amazonaws.com/"), "us-east-1", "iam", IamApiVersion);
    }

    /// <summary>STS for GetCallerIdentity, from the repo's one STS endpoint rule (<see cref="StsEndpoint"/>).</summary>
    public static AwsQueryEndpoint Sts(StsEndpoint endpoint)
    {
        var suffix = endpoint.Region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new AwsQueryEndpoint(endpoint.ServiceUrl ?? new Uri($"https://sts.{endpoint.Region}.{suffix}/"), endpoint.Region, "sts", StsApiVersion);
    }

    private static Uri? Configured(ProcessEnvironment environment, string serviceVariable)
    {
        if (string.Equals(environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"], "true", StringComparison.OrdinalIgnoreCase)) return null;
        var text = environment[serviceVariable] ?? environment["AWS_ENDPOINT_URL"];
        if (text is null) return null;
        if (!Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw new InvalidInput($"{serviceVariable}/AWS_ENDPOINT_URL \"{text}\" is not an http(s) URL");
        return url;
    }

    public override string ToString() => Url.ToString();
}
