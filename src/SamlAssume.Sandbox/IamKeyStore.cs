namespace SamlAssume.Sandbox;

/// <summary>
/// The users' long-lived keys as IAM holds them: starts with the tenant's one key per user; CreateAccessKey adds (at
/// most two a user), DeleteAccessKey removes. A new key reaches STS and IAM authentication only after
/// <see cref="SandboxFaults.NewKeyDelay"/> (AWS: eventually consistent; a client must poll GetCallerIdentity before relying on it).
/// </summary>
internal sealed class IamKeyStore
{
    public const int KeysPerUser = 2;
    private readonly Lock _lock = new();
    private readonly List<IamKey> _keys = [];

    /// <summary>Starts with each tenant user's one key (created 30 days before <paramref name="clock"/>'s now).</summary>
    public IamKeyStore(SandboxTenant tenant, TimeProvider clock)
    {
        var created = clock.GetUtcNow().AddDays(-30);
        foreach (var user in tenant.IamUsers)
            _keys.Add(new IamKey(user.UserName, user.AccessKeyId, user.SecretAccessKey, "Active", created, created));
    }

    public IReadOnlyList<IamKey> KeysOf(string userName)
    {
        lock (_lock) return _keys.Where(k => k.UserName == userName).ToList();
    }

    public IamKey Create(SandboxIamUser user, SandboxState state)
    {
        lock (_lock)
        {
            if (_keys.Count(k => k.UserName == user.UserName) >= KeysPerUser) throw new IamRejection(IamError.KeyQuota());
            var now = state.Clock.GetUtcNow();
            now = new DateTimeOffset(now.UtcTicks - now.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
            var key = new IamKey(user.UserName,
                "AKIA" + AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
                AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
                "Active", now, now + (state.Faults.NewKeyDelay ?? TimeSpan.Zero));
            _keys.Add(key);
            PromoteDue(state);
            return key;
        }
    }

    public void Delete(string userName, string accessKeyId, SandboxState state)
    {
        lock (_lock)
        {
            var key = _keys.FirstOrDefault(k => k.UserName == userName && k.AccessKeyId == accessKeyId)
                ?? throw new IamRejection(IamError.NoSuchKey(accessKeyId));
            _keys.Remove(key);
            state.Credentials.Forget(accessKeyId);
        }
    }

    /// <summary>Makes keys whose propagation delay has passed known to SigV4 verification (called before each verification).</summary>
    public void PromoteDue(SandboxState state)
    {
        var now = state.Clock.GetUtcNow();
        lock (_lock)
        {
            foreach (var key in _keys.Where(k => k.VisibleAt <= now && state.Credentials.Find(k.AccessKeyId) is null))
            {
                var user = state.Tenant.IamUsers.First(u => u.UserName == key.UserName);
                state.Credentials.Remember(new IssuedCredential(key.AccessKeyId, key.SecretAccessKey, SessionToken: "", DateTimeOffset.MaxValue,
                    user.Arn, IssuedCredentials.UserId(user), user.AccountId, CredentialKind.LongLivedKey));
            }
        }
    }
}

