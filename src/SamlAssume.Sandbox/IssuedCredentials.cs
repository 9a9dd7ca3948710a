using System.Collections.Concurrent;

namespace SamlAssume.Sandbox;

/// <summary>Temporary credentials STS handed out, so GetCallerIdentity can check signatures against the secret.</summary>
internal sealed class IssuedCredentials
{
    private readonly ConcurrentDictionary<string, IssuedCredential> _byAccessKey = new(StringComparer.Ordinal);

    public void Remember(IssuedCredential credential) => _byAccessKey[credential.AccessKeyId] = credential;

    /// <summary>A store that already knows every IAM user's long-lived key, as IAM does before any STS call.</summary>
    public static IssuedCredentials WithLongLivedKeys(SandboxTenant tenant)
    {
        var store = new IssuedCredentials();
        foreach (var user in tenant.IamUsers)
            store.Remember(new IssuedCredential(user.AccessKeyId, user.SecretAccessKey, SessionToken: "", DateTimeOffset.MaxValue,
                user.Arn, UserId(user), user.AccountId, CredentialKind.LongLivedKey));
        return store;
    }

    /// <summary>A stable AIDA… user id per user ARN, like IAM's unique ids (21 characters).</summary>
    public static string UserId(SandboxIamUser user) =>
        "AIDA" + OtpNet.Base32Encoding.ToString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(user.Arn)))[..17];

    /// <summary>A key IAM deleted: STS and IAM refuse it from now on (InvalidClientTokenId).</summary>
    public void Forget(string accessKeyId) => _byAccessKey.TryRemove(accessKeyId, out _);

    public IssuedCredential? Find(string accessKeyId) => _byAccessKey.TryGetValue(accessKeyId, out var c) ? c : null;
}

/// <summary>
/// A key STS or IAM knows. <see cref="AssumedRoleArn"/> is what GetCallerIdentity answers: the assumed-role ARN for
/// role sessions, the IAM user's ARN for its long-lived key and for GetSessionToken sessions (as AWS answers).
/// </summary>
internal sealed record IssuedCredential(
    string AccessKeyId, string SecretAccessKey, string SessionToken, DateTimeOffset Expiration,
    string AssumedRoleArn, string AssumedRoleId, string Account,
    CredentialKind Kind = CredentialKind.RoleSession, bool MultiFactor = false);

internal enum CredentialKind
{
    /// <summary>From AssumeRole or AssumeRoleWithSAML.</summary>
    RoleSession,
    /// <summary>An IAM user's AKIA… key pair; no session token, never expires.</summary>
    LongLivedKey,
    /// <summary>From GetSessionToken; <see cref="IssuedCredential.MultiFactor"/> says whether an MFA code came with it.</summary>
    UserSession,
}
