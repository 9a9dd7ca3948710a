namespace SamlAssume.Tests.Sources.Browser;

/// <summary>
/// A test that drives a real Chromium (Debian's <c>chromium</c>, or SAMLASSUME_TEST_BROWSER), and with
/// <c>simpleSamlPhp</c> also a real SimpleSAMLphp IdP under <c>php -S</c>; skipped with the reason when one is missing.
/// .ci/run installs both and fails when one of these tests is skipped.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public const string SimpleSamlPhpRoot = "/usr/share/simplesamlphp/www";

    public BrowserFactAttribute(bool simpleSamlPhp = false)
    {
        if (TestBrowser.Path is null) Skip = $"no Chromium at {TestBrowser.DefaultPath} or SAMLASSUME_TEST_BROWSER (apt-get install chromium; .ci/run does)";
        else if (simpleSamlPhp && !Directory.Exists(SimpleSamlPhpRoot)) Skip = $"SimpleSAMLphp is not installed at {SimpleSamlPhpRoot} (apt-get install simplesamlphp php-cli php-xml; .ci/run does)";
        else if (simpleSamlPhp && !File.Exists("/usr/bin/php")) Skip = "php is not installed at /usr/bin/php (apt-get install php-cli php-xml; .ci/run does)";
    }
}

/// <summary>The browser the tests drive, and the flags that keep it off the network.</summary>
public static class TestBrowser
{
    public const string DefaultPath = "/usr/bin/chromium";

    public static string? Path =>
        System.Environment.GetEnvironmentVariable("SAMLASSUME_TEST_BROWSER") is { Length: > 0 } path && File.Exists(path) ? path
        : File.Exists(DefaultPath) ? DefaultPath : null;

    /// <summary>
    /// This machine sends nothing but loopback traffic: besides the quiet flags the client always passes, the tests send
    /// every other request to a proxy that does not exist (loopback bypasses it). .ci/run also runs them in a
    /// loopback-only network namespace (unshare -n).
    /// </summary>
    public static Dictionary<string, string?> EnvironmentFor(string cacheDirectory) => new()
    {
        ["SAMLASSUME_BROWSER"] = Path,
        ["SAMLASSUME_BROWSER_FLAGS"] = "--proxy-server=127.0.0.1:1 --proxy-bypass-list=127.0.0.1;localhost",
        ["XDG_CACHE_HOME"] = cacheDirectory,
    };
}
