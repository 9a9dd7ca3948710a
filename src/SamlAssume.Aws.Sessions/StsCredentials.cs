namespace SamlAssume.Aws.Sessions;

/// <summary>Temporary credentials STS issued: an MFA session (GetSessionToken) or a role's (AssumeRole).</summary>
public sealed record StsCredentials(string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration, string? AssumedRoleArn = null)
{
    public Amazon.Runtime.ImmutableCredentials ToImmutable() => new(AccessKeyId, SecretAccessKey, SessionToken);

    public override string ToString() => $"StsCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {Expiration:u}, AssumedRoleArn = {AssumedRoleArn} }}";
}
