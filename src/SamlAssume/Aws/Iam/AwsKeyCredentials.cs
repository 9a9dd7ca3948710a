namespace SamlAssume.Aws.Iam;

/// <summary>
/// A long-lived IAM user key (AKIA…) or a session (ASIA… + token) that signs an IAM or STS Query call. The token,
/// when present, is sent as <c>X-Amz-Security-Token</c> and signed, as the SDKs do.
/// </summary>
public sealed record AwsKeyCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    public override string ToString() => $"AwsKeyCredentials {{ AccessKeyId = {AccessKeyId} }}"; // never the secret
}
