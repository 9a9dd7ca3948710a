using System.Net;

namespace SamlAssume.Net;

/// <summary>
/// The proxy the environment asks for, read from <see cref="ProcessEnvironment"/> (never the process's own
/// variables, so parallel commands in one process each see their own): <c>HTTPS_PROXY</c> for https URLs,
/// <c>HTTP_PROXY</c> for http URLs (lower-case names too, lower case first, as curl reads them), and
/// <c>NO_PROXY</c> as curl understands it: <c>*</c>, host names that also match their subdomains (with or without a
/// leading dot or <c>*.</c>), IP addresses, and <c>host:port</c>. CIDR ranges are not supported (curl 7.86+ has them).
/// </summary>
public sealed class EnvironmentProxy : IWebProxy
{
    private readonly Uri? _https;
    private readonly Uri? _http;
    private readonly IReadOnlyList<string> _noProxy;

    private EnvironmentProxy(Uri? https, Uri? http, IReadOnlyList<string> noProxy, ICredentials? credentials)
    {
        _https = https;
        _http = http;
        _noProxy = noProxy;
        Credentials = credentials;
    }

    /// <summary>The proxy for https URLs, without any user:password it was given with.</summary>
    public Uri? HttpsProxy => _https;

    public Uri? HttpProxy => _http;

    public ICredentials? Credentials { get; set; }

    /// <summary>Null when the environment names no proxy.</summary>
    public static EnvironmentProxy? From(ProcessEnvironment environment)
    {
        var https = Parse(environment, "https_proxy", "HTTPS_PROXY", out var httpsCredentials);
        var http = Parse(environment, "http_proxy", "HTTP_PROXY", out var httpCredentials);
        if (https is null && http is null) return null;
        var noProxy = (environment["no_proxy"] ?? environment["NO_PROXY"] ?? "")
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(e => e.ToLowerInvariant())
            .ToList();
        return new EnvironmentProxy(https, http, noProxy, httpsCredentials ?? httpCredentials);
    }

    public Uri? GetProxy(Uri destination) =>
        IsBypassed(destination) ? null : destination.Scheme == Uri.UriSchemeHttps ? _https : _http;

    public bool IsBypassed(Uri host)
    {
        if ((host.Scheme == Uri.UriSchemeHttps ? _https : _http) is null) return true;
        var name = host.IdnHost.Trim('[', ']').ToLowerInvariant();
        foreach (var entry in _noProxy)
        {
            if (entry == "*") return true;
            var (entryHost, entryPort) = SplitPort(entry);
            if (entryPort is { } port && port != host.Port) continue;
            var bare = entryHost.StartsWith("*.", StringComparison.Ordinal) ? entryHost[2..] : entryHost.TrimStart('.');
            if (bare.Length == 0) continue;
            if (name == bare || name.EndsWith("." + bare, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private static (string Host, int? Port) SplitPort(string entry)
    {
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0) return (entry, null);
            var port = entry.Length > close + 2 && entry[close + 1] == ':' && int.TryParse(entry[(close + 2)..], out var p) ? p : (int?)null;
            return (entry[1..close], port);
        }
        var colon = entry.LastIndexOf(':');
        // More than one colon is a bare IPv6 address, not host:port.
        if (colon > 0 && entry.IndexOf(':', StringComparison.Ordinal) == colon && int.TryParse(entry[(colon + 1)..], out var number))
            return (entry[..colon], number);
        return (entry, null);
    }

    private static Uri? Parse(ProcessEnvironment environment, string lower, string upper, out ICredentials? credentials)
    {
        credentials = null;
        var name = environment[lower] is not null ? lower : upper;
        var value = environment[name]?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        // "proxy:3128" without a scheme means http, as curl reads it.
        if (!value.Contains("://", StringComparison.Ordinal)) value = "http://" + value;
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || string.IsNullOrEmpty(uri.Host))
        {
            // The value may hold a password: name the variable, not its value.
            throw new InvalidInput($"{name} is not an http://host:port proxy URL");
        }
        if (uri.UserInfo.Length > 0)
        {
            var parts = uri.UserInfo.Split(':', 2);
            credentials = new NetworkCredential(Uri.UnescapeDataString(parts[0]), parts.Length > 1 ? Uri.UnescapeDataString(parts[1]) : "");
        }
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port).Uri;
    }
}
