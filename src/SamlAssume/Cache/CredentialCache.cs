using System.Text.Json;
using SamlAssume.Aws;

namespace SamlAssume.Cache;

/// <summary>
/// Cached credentials per profile (<c>&lt;cache&gt;/credentials/&lt;profile&gt;.json</c>, 0600, replaced atomically);
/// <see cref="CachedRefresh"/> holds the lock that lets one process refresh them while others wait.
/// Reads take no lock: writers rename a whole file into place, so a reader sees the old file or the new one.
/// </summary>
public sealed class CredentialCache(CachePaths paths)
{
    public CachePaths Paths { get; } = paths;

    /// <summary>The cached credentials, or null when absent, unreadable, of another version or malformed (treated as a miss).</summary>
    public CachedCredentials? Read(string profile) => ReadFile(Paths.CredentialsFor(profile));

    /// <summary>
    /// One cache file in the cache's format (a profile's credentials, an MFA session), or null when absent,
    /// unreadable, of another version or malformed (a miss).
    /// </summary>
    public static CachedCredentials? ReadFile(string path)
    {
        // A symlink, FIFO or another user's file is never read (a miss); the next write replaces it by rename.
        if (!CachePaths.IsOwnRegularFile(path)) return null;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // Not through CacheJsonContext: this read is on credential_process's hot path (see CredentialJson).
        return CredentialJson.ReadCached(bytes);
    }

    /// <summary>
    /// The cached credentials if more than <paramref name="minRemaining"/> (or half their lifetime, if less) is left at <paramref name="now"/>, else null:
    /// the one cache-hit rule of credential-process (both its fast path and the full one), env and exec.
    /// </summary>
    public CachedCredentials? ReadFresh(string profile, DateTimeOffset now, TimeSpan minRemaining) =>
        Read(profile) is { } cached && CredentialExpiry.IsFresh(cached.Expiration, now, minRemaining, cached.Issued) ? cached : null;

    public void Write(string profile, CachedCredentials credentials) => WriteFile(Paths, Paths.CredentialsFor(profile), credentials);

    /// <summary>One cache file, 0600, replaced atomically (its directory made owner-only first).</summary>
    public static void WriteFile(CachePaths paths, string path, CachedCredentials credentials)
    {
        paths.Ensure(Path.GetDirectoryName(path)!);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(credentials, CacheJsonContext.Default.CachedCredentials);
        AtomicFile.Replace(path, bytes, CachePaths.OwnerOnlyFile, keepExistingMode: false);
    }

    /// <summary>
    /// Deletes cached credentials, MFA sessions and shared-failure records (one profile's — as a role profile and as a
    /// source profile — or all) and cached assertions (for all), and returns what it deleted (failure records are not
    /// listed: they hold no credentials). Only our own files under the cache's own directories are touched: never the
    /// credentials file, never long-lived keys, never lock files (a waiter may hold one open).
    /// </summary>
    public IReadOnlyList<string> Clear(string? profile)
    {
        var removed = new List<string>();
        Paths.CheckRoot();
        if (profile is not null)
        {
            Delete(Paths.CredentialsFor(profile), removed);
            // `clear-cache --profile bastion` renews the source's MFA session too (awscli_bastion users expect one name to do it).
            Delete(Paths.SessionFor(profile), removed);
            // And its failure records: a cleared profile signs in at once.
            Delete(RefreshOutcome.PathFor(Paths, CacheEntry.Profile(profile).Key), []);
            Delete(RefreshOutcome.PathFor(Paths, CacheEntry.MfaSession(profile).Key), []);
            return removed;
        }
        foreach (var directory in new[] { Paths.CredentialsDirectory, Paths.AssertionsDirectory, Paths.SessionsDirectory })
        {
            if (!Directory.Exists(directory)) continue;
            foreach (var file in Directory.EnumerateFiles(directory, "*.json").Order(StringComparer.Ordinal))
            {
                Delete(file, removed);
            }
        }
        if (Directory.Exists(RefreshOutcome.Directory(Paths)))
        {
            foreach (var file in Directory.EnumerateFiles(RefreshOutcome.Directory(Paths)).Order(StringComparer.Ordinal)) Delete(file, []);
        }
        return removed;
    }

    private static void Delete(string path, List<string> removed)
    {
        // lstat, so a dangling symlink someone left is removed too (deleting a link never touches its target).
        if (Files.PathStatus.Of(path, followLinks: false) is { } status ? status.Kind == Files.PathKind.Missing : !File.Exists(path)) return;
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CacheDirectoryException($"cannot delete {path}: {e.Message.ReplaceLineEndings(" ")}");
        }
        removed.Add(path);
    }
}
