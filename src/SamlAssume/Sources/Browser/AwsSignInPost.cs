using System.Text;

namespace SamlAssume.Sources.Browser;

/// <summary>
/// Which requests are the IdP's post to AWS, and what they carry: the Fetch patterns that pause them, the exact check
/// of a paused URL, and the form fields of its body.
/// </summary>
internal static class AwsSignInPost
{
    /// <summary>
    /// Fetch URL patterns ('*' any run of characters) for AWS's SAML sign-in endpoints (REFERENCE.md: global, regional,
    /// GovCloud, China), at the Request stage: the post pauses before anything leaves the machine.
    /// </summary>
    public static readonly string[] Patterns =
    [
        "https://signin.aws.amazon.com/saml*",
        "https://*.signin.aws.amazon.com/saml*",
        "https://signin.amazonaws-us-gov.com/saml*",
        "https://*.signin.amazonaws-us-gov.com/saml*",
        "https://signin.amazonaws.cn/saml*",
        "https://*.signin.amazonaws.cn/saml*",
    ];

    /// <summary>
    /// The exact check: the globs also match https://evil.example/?x=.signin.aws.amazon.com/saml, so the scheme, default
    /// port, host (one region label at most) and the path <c>/saml</c> are checked here.
    /// </summary>
    public static bool IsEndpoint(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps || !uri.IsDefaultPort) return false;
        if (uri.AbsolutePath != "/saml" || uri.UserInfo.Length > 0) return false;
        var host = uri.IdnHost.ToLowerInvariant();
        foreach (var domain in (string[])["signin.aws.amazon.com", "signin.amazonaws-us-gov.com", "signin.amazonaws.cn"])
        {
            if (host == domain) return true;
            if (!host.EndsWith("." + domain, StringComparison.Ordinal)) continue;
            var region = host[..^(domain.Length + 1)];
            return region.Length > 0 && region.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        }
        return false;
    }

    /// <summary>The body of a paused post: <c>postDataEntries</c> (bytes, complete for large bodies) before <c>postData</c>.</summary>
    public static string? Body(PausedRequest request)
    {
        if (request.PostDataEntries is { Length: > 0 } entries)
        {
            using var bytes = new MemoryStream();
            foreach (var entry in entries)
            {
                if (entry.Bytes is not null) bytes.Write(Convert.FromBase64String(entry.Bytes));
            }
            return Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);
        }
        return request.PostData;
    }

    /// <summary>The first value of a form field (application/x-www-form-urlencoded: '+' is a space, %XX UTF-8).</summary>
    public static string? Field(string body, string name)
    {
        foreach (var part in body.Split('&'))
        {
            var equals = part.IndexOf('=');
            if (Decode(equals < 0 ? part : part[..equals]) != name) continue;
            return equals < 0 ? "" : Decode(part[(equals + 1)..]);
        }
        return null;
    }

    private static string Decode(string text) => Uri.UnescapeDataString(text.Replace('+', ' '));
}
