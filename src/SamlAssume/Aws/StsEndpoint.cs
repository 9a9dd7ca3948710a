namespace SamlAssume.Aws;

/// <summary>
/// Which STS endpoint to call, decided as the AWS SDKs and CLI do: <c>AWS_ENDPOINT_URL_STS</c>, then
/// <c>AWS_ENDPOINT_URL</c>, unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true; otherwise the regional endpoint
/// of the role's partition. The sandbox is reached through the first of these.
/// </summary>
public sealed record StsEndpoint(Uri? ServiceUrl, string Region)
{
    public const string DefaultRegion = "us-east-1";

    private static readonly System.Text.RegularExpressions.Regex RegionName = new(@"^[a-z]{2}(-[a-z]+)+-\d{1,2}$");

    /// <summary>Whether a text is shaped like an AWS region name (us-east-1, us-gov-west-1, eu-central-2).</summary>
    public static bool IsRegionName(string region) => RegionName.IsMatch(region);

    public static StsEndpoint Resolve(ProcessEnvironment environment, string? region)
    {
        var effectiveRegion = region ?? environment["AWS_REGION"] ?? environment["AWS_DEFAULT_REGION"] ?? DefaultRegion;
        if (!IsRegionName(effectiveRegion))
        {
            throw new InvalidInput($"\"{effectiveRegion}\" is not an AWS region name (like us-east-1): check --aws-region, aws_region or AWS_REGION");
        }
        var ignore = string.Equals(environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"], "true", StringComparison.OrdinalIgnoreCase);
        var configured = ignore ? null : environment["AWS_ENDPOINT_URL_STS"] ?? environment["AWS_ENDPOINT_URL"];
        if (configured is null) return new StsEndpoint(null, effectiveRegion);
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidInput($"AWS_ENDPOINT_URL_STS/AWS_ENDPOINT_URL \"{configured}\" is not an http(s) URL");
        }
        return new StsEndpoint(url, effectiveRegion);
    }

    /// <summary>host:port, as retry warnings and the wait spinner name it.</summary>
    public string HostAndPort => ServiceUrl is { } url ? Net.HttpTransport.HostAndPort(url) : $"sts.{Region}.amazonaws.com:443";

    public override string ToString() => ServiceUrl?.ToString() ?? $"sts.{Region}.amazonaws.com";
}
