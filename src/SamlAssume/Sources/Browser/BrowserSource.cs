using SamlAssume.Aws;
using SamlAssume.Files;
using SamlAssume.IdP.Saml;
using SamlAssume.Net;
using SamlAssume.Settings;
using SamlAssume.Sources.Saml;

namespace SamlAssume.Sources.Browser;

/// <summary>
/// Any SAML IdP as an identity source, through the browser the user has: its sign-in page opens in a Chromium-family
/// browser driven over the DevTools pipe, the IdP's post of the SAMLResponse to AWS is caught inside the browser
/// (it never leaves the machine), then the assertion goes the way OneLogin's does: verification, roles, STS.
/// </summary>
/// <remarks>
/// The browser keeps a profile per IdP (<see cref="BrowserProfile"/>), so the IdP's session survives: a profile that was
/// signed in before (and every refresh by a profile command) is tried headless first, and a window opens only when the
/// IdP asks something. Every wait is bounded: --browser-timeout, a closed window, a browser that does not start.
/// </remarks>
public sealed class BrowserSource(CommandContext context, ProgressLog log, LoginSettings settings, NetworkRetry retry) : IIdentitySource
{
    private readonly RoleAssumptions sts = new(context, log, settings, retry);
    private readonly BrowserSettings browser = settings.Browser ?? throw new InvalidOperationException("browser source without browser settings");

    public async Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken)
    {
        if (OperatingSystem.IsWindows()) throw new InvalidInput("--browser runs on Linux and macOS only for now");
        var executable = BrowserDiscovery.Find(browser.BrowserPath, context.Environment);
        var profile = BrowserProfile.DirectoryFor(browser.IdpUrl, context);
        log.Detail($"browser {executable}, profile {profile}");
        var asRoot = PathStatus.CurrentUserId == 0;
        if (asRoot) log.Warning("running as root: the browser starts with --no-sandbox (Chromium refuses to run as root otherwise)");

        // One browser per profile at a time: a second Chrome on the same profile hands its work to the first and exits.
        using var profileLock = await FileLock.TryAcquireAsync(profile + ".lock", TimeSpan.FromSeconds(30), cancellationToken)
            ?? throw new BrowserSignInFailed(BrowserFailure.DidNotStart, $"another samlassume has used the browser profile {profile} for over 30 s; try again when it is done");

        string samlResponse;
        if (browser.Headless)
        {
            samlResponse = await CaptureAsync(executable, profile, asRoot, headless: true, browser.Timeout ?? BrowserSettings.HeadlessTimeout, cancellationToken);
        }
        else
        {
            string? silent = null;
            if (browser.Refreshing || BrowserProfile.WasUsed(profile))
            {
                var budget = browser.Timeout is { } t && t < BrowserSettings.SilentTryTimeout ? t : BrowserSettings.SilentTryTimeout;
                try
                {
                    silent = await CaptureAsync(executable, profile, asRoot, headless: true, budget, cancellationToken);
                }
                catch (BrowserSignInFailed e) when (e.Reason is BrowserFailure.NeedsInteraction or BrowserFailure.TimedOut)
                {
                    log.Detail($"no sign-in without a window ({e.Message})");
                }
            }
            if (silent is null)
            {
                RequireDisplay();
                log.Step($"Opening {SamlPostCapture.Redacted(browser.IdpUrl)} in a browser window: sign in there (SamlAssume waits up to {(browser.Timeout ?? BrowserSettings.InteractiveTimeout).TotalSeconds:0} s).");
            }
            samlResponse = silent ?? await CaptureAsync(executable, profile, asRoot, headless: false, browser.Timeout ?? BrowserSettings.InteractiveTimeout, cancellationToken);
        }

        if (settings.SaveAssertion is { } savePath) SavedAssertion.Write(savePath, samlResponse, log);
        if (settings.Trust is null) TrustedAssertion.RequireSuccessStatus(samlResponse);
        var assertion = TrustedAssertion.Read(samlResponse, settings.Trust, context.Clock, log);
        if (assertion.Roles.Count == 0)
        {
            throw new SignInRefused($"{browser.IdpUrl.Host} signed you in, but the assertion grants no AWS role (no https://aws.amazon.com/SAML/Attributes/Role values): ask your IdP's admin to map one");
        }
        log.Detail($"assertion from {assertion.Issuer} with {assertion.Roles.Count} role(s)");
        return new SamlCredentials(samlResponse, assertion);
    }

    public Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken) =>
        sts.AssumeAsync(credentials, role, region, cancellationToken);

    private async Task<string> CaptureAsync(string executable, string profile, bool asRoot, bool headless, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var flags = BrowserFlags.For(profile, headless, asRoot, context.Environment);
        log.Detail($"starting the browser{(headless ? " headless" : "")}, waiting up to {timeout.TotalSeconds:0} s for the IdP's post to AWS");
        await using var pipe = CdpPipe.Start(executable, flags, line => log.Detail(line));
        var request = new CaptureRequest(browser.IdpUrl, headless, timeout, settings.Username, settings.Password, settings.Otp);
        var samlResponse = await new SamlPostCapture(pipe, request, line => log.Detail(line)).RunAsync(cancellationToken);
        // Closed cleanly (DisposeAsync) so the profile keeps the IdP's cookies for the next sign-in.
        return samlResponse;
    }

    /// <summary>A window needs a display: on Linux without DISPLAY or WAYLAND_DISPLAY it is said at once, not after a timeout.</summary>
    private void RequireDisplay()
    {
        if (!OperatingSystem.IsLinux() || context.Environment["DISPLAY"] is not null || context.Environment["WAYLAND_DISPLAY"] is not null) return;
        throw new BrowserSignInFailed(BrowserFailure.NeedsInteraction,
            $"{browser.IdpUrl.Host} needs you to sign in, but there is no display for a browser window (DISPLAY and WAYLAND_DISPLAY are unset): sign in once where you have one, or use --headless for an IdP that signs you in without a page");
    }

    public void Dispose() => sts.Dispose();
}
