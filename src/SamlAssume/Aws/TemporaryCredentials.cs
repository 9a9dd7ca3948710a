namespace SamlAssume.Aws;

/// <summary>What STS granted for one role.</summary>
public sealed record TemporaryCredentials(
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    DateTimeOffset Expiration,
    string AssumedRoleArn)
{
    /// <summary>ISO 8601 UTC, second precision: the form botocore and the AWS CLI parse.</summary>
    /// <summary>When STS issued them by its own clock (the Date of its answer), if it said; Expiration is on the same clock.</summary>
    public DateTimeOffset? Issued { get; init; }

    public string ExpirationText => Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public override string ToString() => $"TemporaryCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {ExpirationText}, AssumedRoleArn = {AssumedRoleArn} }}";
}
