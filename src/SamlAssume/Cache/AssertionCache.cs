using System.Text.Json;
using SamlAssume.Aws;

namespace SamlAssume.Cache;

/// <summary>
/// <c>--cache-saml</c>: the last SAMLResponse per user, app and subdomain in <c>&lt;cache&gt;/saml/</c>, reused while
/// <see cref="CredentialExpiry.AssertionUsable"/> says STS would still take it; an expired one is deleted when seen.
/// </summary>
public sealed class AssertionCache(CachePaths paths, TimeProvider clock)
{
    public CachedAssertion? Find(string username, string appId, string subdomain)
    {
        var path = paths.AssertionFor(Key(username, appId, subdomain));
        CachedAssertion? cached;
        if (!CachePaths.IsOwnRegularFile(path)) return null;
        try
        {
            cached = JsonSerializer.Deserialize(File.ReadAllBytes(path), CacheJsonContext.Default.CachedAssertion);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or FormatException)
        {
            return null;
        }
        if (cached is null || !CredentialExpiry.AssertionUsable(cached.NotOnOrAfter, clock.GetUtcNow()))
        {
            TryDelete(path);
            return null;
        }
        return cached;
    }

    public void Store(CachedAssertion assertion)
    {
        paths.Ensure(paths.AssertionsDirectory);
        AtomicFile.Replace(paths.AssertionFor(Key(assertion.Username, assertion.AppId, assertion.Subdomain)),
            JsonSerializer.SerializeToUtf8Bytes(assertion, CacheJsonContext.Default.CachedAssertion), CachePaths.OwnerOnlyFile, keepExistingMode: false);
    }

    // Usernames are case-insensitive in OneLogin.
    private static string Key(string username, string appId, string subdomain) =>
        $"{subdomain.Trim().ToLowerInvariant()}_{appId.Trim()}_{username.Trim().ToLowerInvariant()}";

    private static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
