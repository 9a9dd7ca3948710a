using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SamlAssume.Sandbox;

/// <summary>OAuth access tokens the sandbox issued, with their expiry.</summary>
internal sealed class AccessTokens(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    public string Issue(TimeSpan lifetime)
    {
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _expiries[token] = clock.GetUtcNow() + lifetime;
        return token;
    }

    public bool IsValid(string token) => _expiries.TryGetValue(token, out var expiry) && clock.GetUtcNow() < expiry;

    /// <summary>
    /// Reads the bearer token from an Authorization header. OneLogin's docs say "bearer:&lt;token&gt;", SDKs send
    /// "bearer &lt;token&gt;" and saml2aws sends "bearer: &lt;token&gt;"; the real API takes all three.
    /// </summary>
    public static string? ReadBearer(string? header)
    {
        if (string.IsNullOrWhiteSpace(header)) return null;
        var text = header.Trim();
        if (!text.StartsWith("bearer", StringComparison.OrdinalIgnoreCase)) return null;
        var rest = text["bearer".Length..];
        if (rest.Length == 0 || (rest[0] != ':' && rest[0] != ' ')) return null;
        var token = rest.TrimStart(':', ' ').Trim();
        return token.Length == 0 ? null : token;
    }
}
