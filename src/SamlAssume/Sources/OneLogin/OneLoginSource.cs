using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Saml;
using SamlAssume.Mfa;
using SamlAssume.Net;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using SamlAssume.Sources.Saml;

namespace SamlAssume.Sources.OneLogin;

/// <summary>
/// OneLogin as an identity source: prompts for what the settings leave open, signs in (token, SAML assertion, MFA),
/// verifies the assertion when an IdP certificate or pin is known, and reads its roles; then AssumeRoleWithSAML. The
/// password and the MFA device that answered stay in memory for later sign-ins of the same source (a loop's runs).
/// </summary>
/// <param name="retry">The retry layer of the token call and of STS (the password and MFA calls are never retried).</param>
/// <param name="pushPolling">When to poll a push; null is <see cref="PushPollSchedule.Default"/> (the benchmark compares others).</param>
public sealed class OneLoginSource(CommandContext context, ProgressLog log, LoginSettings settings, NetworkRetry retry, PushPollSchedule? pushPolling = null) : IIdentitySource
{
    private readonly RoleAssumptions sts = new(context, log, settings, retry);
    private SignInIdentity? identity;
    private readonly KeyringPassword passwords = new(context, log, settings.Keychain);

    public async Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken)
    {
        var assertions = settings.CacheSaml ? new AssertionCache(CachePaths.For(context.Environment, context.HomeDirectory), context.Clock) : null;
        // Known user, app and subdomain: a cached assertion spares even the password prompt.
        if (identity is null && assertions is not null && settings is { Username: { } u, AppId: { } a, Subdomain: { } d } && FromCache(assertions, u, a, d) is { } early) return early;
        // The one place the password is obtained: given, from the keyring, or asked.
        identity ??= new SignInPrompts(context, settings.Advice).Complete(settings.Username, settings.Password, settings.AppId, settings.Subdomain, passwords.Find);
        if (assertions is not null && FromCache(assertions, identity.Username, identity.AppId, identity.Subdomain) is { } cached) return cached;
        SamlCredentials signedIn;
        try
        {
            signedIn = await SignInAsAsync(identity, cancellationToken);
        }
        catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.InvalidUserCredentials && identity.PasswordOrigin == PasswordOrigin.Keyring)
        {
            // The one place a rejected password is reported: it leaves the keyring and is never sent again; a person
            // types the current one (one more sign-in), or without one the login fails saying so.
            identity = passwords.Rejected(identity);
            signedIn = await SignInAsAsync(identity, cancellationToken);
        }
        passwords.SignedIn(identity);
        if (assertions is not null && signedIn.Assertion.NotOnOrAfter is { } notOnOrAfter)
        {
            assertions.Store(new CachedAssertion
            {
                Username = identity.Username, AppId = identity.AppId, Subdomain = identity.Subdomain,
                NotOnOrAfter = notOnOrAfter, SamlResponse = signedIn.SamlResponse,
            });
            log.Detail($"assertion cached until {UtcSecondsConverter.Format(notOnOrAfter)} (--cache-saml)");
        }
        return signedIn;
    }

    public Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken) =>
        sts.AssumeAsync(credentials, role, region, cancellationToken);

    private SamlCredentials? FromCache(AssertionCache assertions, string username, string appId, string subdomain)
    {
        if (assertions.Find(username, appId, subdomain) is not { } hit) return null;
        log.Step($"Using the cached SAML assertion for {username} (valid until {UtcSecondsConverter.Format(hit.NotOnOrAfter)}): no sign-in, no MFA.");
        return new SamlCredentials(hit.SamlResponse, ReadTrusted(hit.SamlResponse));
    }

    private async Task<SamlCredentials> SignInAsAsync(SignInIdentity who, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(settings.Transport.Handler(context.HttpHandlerFactory, service: "OneLogin"), disposeHandler: true) { Timeout = settings.Transport.RequestTimeout };
        var api = new OneLoginApiClient(http, settings.Api ?? throw new InvalidOperationException("OneLogin settings without an API client"), context.Clock,
            retry.ForOneLoginToken(Net.HttpTransport.HostAndPort(settings.Api.ApiUrl), settings.Transport.RequestTimeout));
        log.Detail($"OneLogin API {settings.Api.ApiUrl} (SAML API v{settings.Api.SamlApiVersion}); {settings.Transport.Describe()}");
        // The device that answered is the one asked next time, so a loop's later runs do not ask again.
        var mfa = new MfaOptions(settings.MfaDevice, settings.Otp, settings.MfaTimeout, pushPolling ?? PushPollSchedule.Default)
        {
            DeviceChosen = device => settings = settings with { MfaDevice = device.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Advice = settings.Advice,
        };
        using var call = Net.AwaitedCall.Named("sign-in");
        var samlResponse = await new OneLoginSignIn(api, context, log).SignInAsync(who, settings.Ip, mfa, cancellationToken);
        // An --otp code is good once; later sign-ins ask again (or fail and are reported without a terminal).
        settings = settings with { Otp = null };
        if (settings.SaveAssertion is { } savePath) SavedAssertion.Write(savePath, samlResponse, log);
        var assertion = ReadTrusted(samlResponse);
        if (assertion.Roles.Count == 0)
        {
            throw new SignInRefused($"OneLogin signed you in, but the assertion grants no AWS role (no https://aws.amazon.com/SAML/Attributes/Role values): ask your OneLogin admin to map one to app {who.AppId}");
        }
        log.Detail($"assertion from {assertion.Issuer} with {assertion.Roles.Count} role(s)");
        return new SamlCredentials(samlResponse, assertion);
    }

    private SamlAssertion ReadTrusted(string samlResponse) => TrustedAssertion.Read(samlResponse, settings.Trust, context.Clock, log);

    public void Dispose() => sts.Dispose();
}
