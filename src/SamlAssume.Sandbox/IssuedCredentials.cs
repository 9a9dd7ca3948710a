using System.Collections.Concurrent;

namespace SamlAssume.Sandbox;

/// <summary>Temporary credentials STS handed out, so GetCallerIdentity can check signatures against the secret.</summary>
internal sealed class IssuedCredentials
{
    private readonly ConcurrentDictionary<string, IssuedCredential> _byAccessKey = new(StringComparer.Ordinal);

    public void Remember(IssuedCredential credential) => _byAccessKey[credential.AccessKeyId] = credential;

    public IssuedCredential? Find(string accessKeyId) => _byAccessKey.TryGetValue(accessKeyId, out var c) ? c : null;
}

internal sealed record IssuedCredential(
    string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration,
    string AssumedRoleArn, string AssumedRoleId, string Account);
