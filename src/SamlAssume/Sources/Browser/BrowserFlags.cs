namespace SamlAssume.Sources.Browser;

/// <summary>The command line the browser starts with (besides <c>--remote-debugging-pipe</c>, which <see cref="CdpPipe"/> adds).</summary>
internal static class BrowserFlags
{
    /// <summary>
    /// Chromium talks to Google on its own (component updates, safe-browsing lists, metrics, sync, field trials): none of
    /// that is needed for a sign-in, and a tool that only signs you in must not cause it.
    /// </summary>
    public static readonly string[] Quiet =
    [
        "--no-first-run",
        "--no-default-browser-check",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-default-apps",
        "--disable-domain-reliability",
        "--disable-client-side-phishing-detection",
        "--disable-breakpad",
        "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,CertificateTransparencyComponentUpdater",
        "--metrics-recording-only",
        "--no-pings",
        "--password-store=basic",
    ];

    /// <summary>Extra flags from SAMLASSUME_BROWSER_FLAGS (space-separated), e.g. a --proxy-server.</summary>
    public const string ExtraFlagsVariable = "SAMLASSUME_BROWSER_FLAGS";

    /// <param name="asRoot">Chromium refuses to start as root without --no-sandbox; only then is it given.</param>
    public static List<string> For(string profileDirectory, bool headless, bool asRoot, ProcessEnvironment environment)
    {
        var flags = new List<string> { "--user-data-dir=" + profileDirectory };
        flags.AddRange(Quiet);
        if (headless) flags.Add("--headless=new");
        if (asRoot) flags.Add("--no-sandbox");
        if (environment[ExtraFlagsVariable] is { } extra) flags.AddRange(extra.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        // The IdP is opened with Page.navigate once interception is on: an IdP that answers at once must not post first.
        flags.Add("about:blank");
        return flags;
    }
}
