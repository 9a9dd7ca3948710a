using System.Net;
using System.Text;
using SamlAssume.Aws;
using SamlAssume.Cache;

namespace SamlAssume.Cli;

/// <summary>
/// The console sign-in link handed to a browser without putting it on a command line: a small HTML page, 0600 in
/// <c>&lt;cache&gt;/console/</c> (0700), that redirects to it. The browser's argv then names only the file. Pages older
/// than the link's 15 minutes are removed the next time one is written.
/// </summary>
public static class SigninPage
{
    public static readonly TimeSpan KeptFor = TimeSpan.FromMinutes(15);

    /// <returns>The page's path.</returns>
    public static string Write(CachePaths paths, Uri url, TimeProvider clock)
    {
        var directory = Path.Combine(paths.Root, "console");
        paths.Ensure(directory);
        RemoveOld(directory, clock.GetUtcNow());
        var link = url.AbsoluteUri;
        var html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">"
                   + $"<meta http-equiv=\"refresh\" content=\"0;url={WebUtility.HtmlEncode(link)}\"><title>AWS console sign-in</title></head>"
                   + $"<body><script>location.replace({JavaScriptString(link)});</script><a href=\"{WebUtility.HtmlEncode(link)}\">Open the AWS console</a></body></html>\n";
        var path = Path.Combine(directory, $"signin-{Guid.NewGuid():N}.html");
        AtomicFile.Replace(path, Encoding.UTF8.GetBytes(html), CachePaths.OwnerOnlyFile, keepExistingMode: false);
        return path;
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }

    private static void RemoveOld(string directory, DateTimeOffset now)
    {
        foreach (var old in Directory.EnumerateFiles(directory, "signin-*.html"))
        {
            if (now - File.GetLastWriteTimeUtc(old) > KeptFor) Delete(old);
        }
    }

    private static string JavaScriptString(string text)
    {
        var quoted = new StringBuilder("\"");
        foreach (var c in text)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is ':' or '/' or '.' or '?' or '=' or '&' or '%' or '-' or '_' or '~' or '+') quoted.Append(c);
            else quoted.Append($"\\u{(int)c:x4}");
        }
        return quoted.Append('"').ToString();
    }
}
