using SamlAssume.Cache;

namespace SamlAssume.Sources.Browser;

/// <summary>
/// The browser profile SamlAssume keeps per IdP, <c>&lt;cache&gt;/browser/&lt;host&gt;</c> (0700): the IdP's own cookies
/// survive there, so a later sign-in while the IdP session is valid needs no window. Chrome ignores the debugging pipe
/// on its default profile anyway, and the user's own profile stays untouched.
/// </summary>
public static class BrowserProfile
{
    public static string DirectoryFor(Uri idpUrl, CommandContext context)
    {
        var paths = CachePaths.For(context.Environment, context.HomeDirectory);
        var root = paths.Ensure(Path.Combine(paths.Root, "browser"));
        var name = CachePaths.FileNameFor(idpUrl.IsDefaultPort ? idpUrl.IdnHost : $"{idpUrl.IdnHost}_{idpUrl.Port}");
        return paths.Ensure(Path.Combine(root, name));
    }

    /// <summary>Whether a browser has run in this profile before (its cookie store exists): then a headless try may already be signed in.</summary>
    public static bool WasUsed(string directory) => File.Exists(Path.Combine(directory, "Default", "Cookies"));
}
