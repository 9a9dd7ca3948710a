namespace SamlAssume.Sandbox;

/// <summary>One access key IAM knows for a user.</summary>
internal sealed record IamKey(string UserName, string AccessKeyId, string SecretAccessKey, string Status, DateTimeOffset CreateDate, DateTimeOffset VisibleAt);

