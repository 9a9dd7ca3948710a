using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// MFA sessions in the cache directory (<c>&lt;cache&gt;/sessions/&lt;source&gt;.json</c>, 0600, replaced atomically),
/// in the credential cache's own format (with the issue time, so one freshness rule serves sessions and role
/// credentials: Cache/CredentialExpiry). Never the long-lived keys. The lock and the shared failure are
/// Cache/CachedRefresh's, under <see cref="CacheEntry.MfaSession"/>.
/// </summary>
public sealed class MfaSessionCache(CachePaths paths)
{
    public CachedCredentials? Read(string sourceProfile) => CredentialCache.ReadFile(paths.SessionFor(sourceProfile));

    public void Write(string sourceProfile, CachedCredentials session) => CredentialCache.WriteFile(paths, paths.SessionFor(sourceProfile), session);

    /// <summary>Drops a session STS no longer takes (expired or revoked early), if it is still the one cached.</summary>
    public void Forget(string sourceProfile, StsCredentials session)
    {
        if (Read(sourceProfile)?.AccessKeyId != session.AccessKeyId) return;
        try
        {
            File.Delete(paths.SessionFor(sourceProfile));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
