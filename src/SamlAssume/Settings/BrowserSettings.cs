using SamlAssume.Configuration;

namespace SamlAssume.Settings;

/// <summary>
/// The browser source's part of the settings (<c>login --browser</c>, or a onelogin.aws.json entry with
/// <c>"browser": true</c> or an <c>idp_url</c>): which page to open, how, with which browser, for how long.
/// </summary>
/// <param name="Timeout">--browser-timeout; null: <see cref="InteractiveTimeout"/> with a window, <see cref="HeadlessTimeout"/> headless.</param>
/// <param name="Refreshing">A profile command (credential-process, env, exec, console, serve): try headless first, a window only if the IdP asks something.</param>
public sealed record BrowserSettings(Uri IdpUrl, bool Headless, string? BrowserPath, TimeSpan? Timeout, bool Refreshing)
{
    public static readonly TimeSpan InteractiveTimeout = TimeSpan.FromSeconds(300);
    public static readonly TimeSpan HeadlessTimeout = TimeSpan.FromSeconds(60);
    /// <summary>How long a headless try may take before a window opens instead (the IdP's session was still valid, or it was not).</summary>
    public static readonly TimeSpan SilentTryTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Null when neither the command line nor the profile's entry chooses the browser.</summary>
    public static BrowserSettings? Resolve(LoginArguments args, AwsLoginValues values)
    {
        var chosen = args.Browser || args.IdpUrl is not null || IsTrue(values.Browser, "browser") || values.IdpUrl is not null;
        if (!chosen) return null;
        var url = ParseUrl(args.IdpUrl is not null ? ("--idp-url", args.IdpUrl) : values.IdpUrl is not null ? ("idp_url", values.IdpUrl) : null)
                  ?? OneLoginLaunchUrl(args.Subdomain ?? values.Subdomain, args.AppId ?? values.AppId)
                  ?? throw new InvalidInput("--browser needs the IdP's sign-in URL: --idp-url URL (or idp_url in onelogin.aws.json), or for OneLogin -d SUBDOMAIN and -a APP_ID");
        if (args.BrowserTimeout is < 5 or > 3600)
            throw new InvalidInput($"--browser-timeout must be between 5 and 3600 seconds, not {args.BrowserTimeout}");
        return new BrowserSettings(
            url,
            args.Headless || IsTrue(values.Headless, "headless"),
            args.BrowserPath ?? values.BrowserPath,
            args.BrowserTimeout is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            Refreshing: !args.Advice.TakesSignInFlags);
    }

    /// <summary>OneLogin's app launch URL, the page its portal opens for the AWS app: it signs in and posts to AWS.</summary>
    private static Uri? OneLoginLaunchUrl(string? subdomain, string? appId)
    {
        if (subdomain is null || appId is null) return null;
        if (!subdomain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
            throw new InvalidInput($"subdomain \"{subdomain}\" is not a OneLogin subdomain (letters, digits and '-')");
        if (!appId.All(char.IsAsciiDigit))
            throw new InvalidInput($"app_id \"{appId}\" is not a OneLogin app id (digits)");
        return new Uri($"https://{subdomain}.onelogin.com/trust/saml2/launch/{appId}");
    }

    private static Uri? ParseUrl((string Source, string Text)? given)
    {
        if (given is not { } named) return null;
        if (!Uri.TryCreate(named.Text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            throw new InvalidInput($"{named.Source}: \"{named.Text}\" is not an http(s) URL");
        // The password is typed into this page: plain http only on this machine.
        if (url.Scheme == "http" && !url.IsLoopback)
            throw new InvalidInput($"{named.Source}: the IdP's sign-in page must use https (plain http is only allowed on this machine)");
        return url;
    }

    private static bool IsTrue(string? value, string key) => value switch
    {
        null or "false" => false,
        "true" => true,
        _ => throw new InvalidInput($"\"{key}\" must be true or false, not \"{value}\""),
    };
}
