namespace SamlAssume.Aws;

/// <summary>
/// Where the console sign-in federation endpoint is, and which console a link lands on, for one partition:
/// <c>signin.aws.amazon.com</c> (aws), <c>signin.amazonaws-us-gov.com</c> (aws-us-gov), <c>signin.amazonaws.cn</c>
/// (aws-cn), as IAM's custom-identity-broker page and aws-vault's login command use them. Like <see cref="StsEndpoint"/>,
/// a configured endpoint wins: <c>AWS_ENDPOINT_URL_SIGNIN</c>, then <c>AWS_ENDPOINT_URL</c>, unless
/// <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true (the sandbox is reached this way).
/// </summary>
public sealed record SigninEndpoint(Uri FederationUrl, string Partition)
{
    public const string EnvironmentVariable = "AWS_ENDPOINT_URL_SIGNIN";

    /// <param name="roleArn">The session's ARN: its partition (arn:aws-cn:…) is the surest sign of where it signs in.</param>
    /// <param name="region">The profile's region, for a partition when the ARN is missing (cn-north-1, us-gov-west-1).</param>
    public static SigninEndpoint Resolve(ProcessEnvironment environment, string? roleArn, string? region)
    {
        var partition = PartitionOf(roleArn, region);
        var ignore = string.Equals(environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"], "true", StringComparison.OrdinalIgnoreCase);
        var configured = ignore ? null : environment[EnvironmentVariable] ?? environment["AWS_ENDPOINT_URL"];
        if (configured is null) return new SigninEndpoint(new Uri($"https://{SigninHost(partition)}/federation"), partition);
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var root) || root.Scheme is not ("http" or "https"))
        {
            throw new InvalidInput($"{EnvironmentVariable}/AWS_ENDPOINT_URL \"{configured}\" is not an http(s) URL");
        }
        // The session's keys travel in the request: plain http only to this machine, as for OneLogin's api_url.
        if (root.Scheme == "http" && !root.IsLoopback)
        {
            throw new InvalidInput($"{EnvironmentVariable}/AWS_ENDPOINT_URL \"{configured}\" must use https: the session's keys are sent to it (plain http is only allowed to localhost)");
        }
        // The endpoint URL is a service root: the federation action lives under /federation there, as on signin.aws.amazon.com.
        var withSlash = root.AbsoluteUri.EndsWith('/') ? root : new Uri(root.AbsoluteUri + "/");
        return new SigninEndpoint(new Uri(withSlash, "federation"), partition);
    }

    public static string PartitionOf(string? roleArn, string? region)
    {
        if (roleArn is not null && roleArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            var end = roleArn.IndexOf(':', 4);
            if (end > 4) return roleArn[4..end];
        }
        if (region is not null && region.StartsWith("cn-", StringComparison.Ordinal)) return "aws-cn";
        if (region is not null && region.StartsWith("us-gov-", StringComparison.Ordinal)) return "aws-us-gov";
        return "aws";
    }

    private static string SigninHost(string partition) => partition switch
    {
        "aws-us-gov" => "signin.amazonaws-us-gov.com",
        "aws-cn" => "signin.amazonaws.cn",
        _ => "signin.aws.amazon.com",
    };

    private string ConsoleHost => Partition switch
    {
        "aws-us-gov" => "console.amazonaws-us-gov.com",
        "aws-cn" => "console.amazonaws.cn",
        _ => "console.aws.amazon.com",
    };

    /// <summary>The console home of the partition, in the region when one is known (aws-vault's default destination).</summary>
    public Uri DefaultDestination(string? region) =>
        region is null || !StsEndpoint.IsRegionName(region)
            ? new Uri($"https://{ConsoleHost}/")
            : new Uri($"https://{region}.{ConsoleHost}/console/home?region={region}");
}
