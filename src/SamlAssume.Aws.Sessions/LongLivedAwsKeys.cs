namespace SamlAssume.Aws.Sessions;

/// <summary>An IAM user's long-lived access key pair. The secret never appears in <see cref="ToString"/>.</summary>
public sealed record LongLivedAwsKeys(string AccessKeyId, string SecretAccessKey)
{
    public override string ToString() => $"LongLivedAwsKeys {{ AccessKeyId = {AccessKeyId} }}";

    /// <summary>Long-lived IAM user keys start AKIA; ASIA keys are temporary and need a session token we would not have.</summary>
    public static bool IsLongLivedKeyId(string id) =>
        id.Length == 20 && id.StartsWith("AKIA", StringComparison.Ordinal) && id.All(c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
}
