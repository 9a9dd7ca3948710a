using System.Text.Json;
using SamlAssume.Aws;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;

namespace SamlAssume.IamUser;

/// <summary>
/// MFA sessions in the cache directory (<c>&lt;cache&gt;/sessions/&lt;source&gt;.json</c>, 0600, replaced atomically),
/// in the credential cache's own format, and the lock under which one process starts a session while the others
/// wait and then read it: one MFA code for a herd of AWS commands. Never the long-lived keys.
/// </summary>
public sealed class CachedMfaSessionStore(CachePaths paths) : IMfaSessionStore
{
    /// <summary>Long enough to type a code; after that a waiter gives up.</summary>
    public static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(5);

    public StsCredentials? Read(string sourceProfile)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(paths.SessionFor(sourceProfile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return CredentialJson.ReadCached(bytes) is { } c ? new StsCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken, c.Expiration) : null;
    }

    public void Write(string sourceProfile, StsCredentials session)
    {
        paths.Ensure(paths.SessionsDirectory);
        var cached = new CachedCredentials
        {
            AccessKeyId = session.AccessKeyId, SecretAccessKey = session.SecretAccessKey, SessionToken = session.SessionToken, Expiration = session.Expiration,
        };
        AtomicFile.Replace(paths.SessionFor(sourceProfile), JsonSerializer.SerializeToUtf8Bytes(cached, CacheJsonContext.Default.CachedCredentials), CachePaths.OwnerOnlyFile, keepExistingMode: false);
    }

    public void Remove(string sourceProfile)
    {
        try
        {
            File.Delete(paths.SessionFor(sourceProfile));
        }
        catch (DirectoryNotFoundException)
        {
        }
    }

    public async Task<IDisposable> LockAsync(string sourceProfile, CancellationToken cancellationToken)
    {
        paths.Ensure(paths.LocksDirectory);
        return await FileLock.TryAcquireAsync(paths.SessionLockFor(sourceProfile), LockTimeout, cancellationToken)
            ?? throw new ProfileRefreshBusy($"another samlassume has been starting the MFA session of [{sourceProfile}] for over {LockTimeout.TotalMinutes:0} min (lock {paths.SessionLockFor(sourceProfile)}); try again");
    }
}
