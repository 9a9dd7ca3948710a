using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Saml;
using SamlAssume.Mfa;
using SamlAssume.Prompts;
using Spectre.Console;

namespace SamlAssume.Login;

/// <summary>
/// One login, start to end: settings → OneLogin sign-in (and MFA) → roles from the assertion → role choice → STS →
/// the profile written (or exports printed). Each step lives in its own class; this one only sequences them.
/// </summary>
/// <param name="pushPolling">When to poll a push; null is <see cref="PushPollSchedule.Default"/> (the benchmark compares others).</param>
public sealed class LoginFlow(CommandContext context, ProgressLog log, PushPollSchedule? pushPolling = null)
{
    private const string DefaultAwsRegionPrompt = "us-west-2";
    private Keyring.KeyringPassword? passwords;

    public async Task<int> RunAsync(LoginArguments args, CancellationToken cancellationToken)
    {
        if (args.ManyRoles is { Requested: true } many) return await new ManyRolesLogin(context, log).RunAsync(args, many, cancellationToken);
        if (args.Loop != 1 || args.Interactive) return await new LoginLoop(context, log).RunAsync(args, cancellationToken);
        var settings = LoginSettings.Resolve(args, context, log);
        var signedIn = await SignInAsync(settings, cancellationToken);
        var assertion = signedIn.Assertion;
        var role = new RolePicker(context, settings.Aliases).Pick(assertion.Roles, settings.AwsAccountId, settings.AwsRoleName, settings.SortByRole);
        log.Detail($"role {role.RoleArn} via {role.PrincipalArn}");

        var region = AskRegion(settings);
        TemporaryCredentials credentials;
        using (var sts = new RoleAssumption(context, log, settings, region))
        {
            credentials = await sts.AssumeAsync(signedIn, role, cancellationToken);
        }
        Deliver(settings, credentials, region);
        return ExitCodes.Ok;
    }

    /// <summary>The region from settings, or asked at a terminal when a profile is written (it goes into the profile).</summary>
    public string? AskRegion(LoginSettings settings)
    {
        var region = settings.AwsRegion;
        if (region is null && settings.Profile is not null && context.IsInteractive)
        {
            region = context.Console.Prompt(new TextPrompt<string>("AWS region:")
                .DefaultValue(DefaultAwsRegionPrompt)
                .Validate(r => StsEndpoint.IsRegionName(r.Trim()) ? ValidationResult.Success() : ValidationResult.Error("Type a region name such as us-east-1"))).Trim();
        }
        return region;
    }

    /// <summary>Signs in and reads the assertion; shared by <c>login</c> and <c>roles</c>.</summary>
    public async Task<SignedIn> SignInAsync(LoginSettings settings, CancellationToken cancellationToken)
    {
        var assertions = settings.CacheSaml ? new AssertionCache(CachePaths.For(context.Environment, context.HomeDirectory), context.Clock) : null;
        // Known user, app and subdomain: a cached assertion spares even the password prompt.
        if (assertions is not null && settings is { Username: { } u, AppId: { } a, Subdomain: { } d } && FromCache(settings, assertions, u, a, d) is { } early) return early;
        var identity = Identify(settings);
        if (assertions is not null && FromCache(settings, assertions, identity.Username, identity.AppId, identity.Subdomain) is { } cached) return cached;
        var signedIn = await SignInAsAsync(settings, identity, null, cancellationToken);
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

    private SignedIn? FromCache(LoginSettings settings, AssertionCache assertions, string username, string appId, string subdomain)
    {
        if (assertions.Find(username, appId, subdomain) is not { } hit) return null;
        log.Step($"Using the cached SAML assertion for {username} (valid until {UtcSecondsConverter.Format(hit.NotOnOrAfter)}): no sign-in, no MFA.");
        return new SignedIn(hit.SamlResponse, ReadTrusted(settings, hit.SamlResponse));
    }

    /// <summary>Who signs in: what settings give, a password from the keyring, the rest asked for.</summary>
    public SignInIdentity Identify(LoginSettings settings) =>
        new SignInPrompts(context).Complete(settings.Username, settings.Password, settings.AppId, settings.Subdomain, Passwords(settings).Find);

    private Keyring.KeyringPassword Passwords(LoginSettings settings) => passwords ??= new Keyring.KeyringPassword(context, log, settings.Keychain);

    /// <summary>
    /// Signs in as an identity already known (a loop's later runs hold the password in memory). The keyring's part:
    /// a stored password OneLogin rejects is removed and, at a terminal, typed afresh (never sent twice); one that
    /// worked is kept as the user chose. <see cref="SignedIn.Identity"/> is the identity that signed in.
    /// </summary>
    /// <param name="deviceChosen">Told which MFA device answered, so the next sign-in can use the same one.</param>
    public async Task<SignedIn> SignInAsAsync(LoginSettings settings, SignInIdentity identity, Action<MfaDevice>? deviceChosen, CancellationToken cancellationToken)
    {
        SignedIn signedIn;
        try
        {
            signedIn = await SignInOnceAsync(settings, identity, deviceChosen, cancellationToken);
        }
        catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.InvalidUserCredentials && identity.PasswordOrigin == PasswordOrigin.Keyring)
        {
            identity = Passwords(settings).Rejected(identity);
            signedIn = await SignInOnceAsync(settings, identity, deviceChosen, cancellationToken);
        }
        Passwords(settings).SignedIn(identity);
        return signedIn with { Identity = identity };
    }

    private async Task<SignedIn> SignInOnceAsync(LoginSettings settings, SignInIdentity identity, Action<MfaDevice>? deviceChosen, CancellationToken cancellationToken)
    {
        using var http = new HttpClient(context.HttpHandlerFactory(settings.Transport), disposeHandler: true) { Timeout = settings.Transport.RequestTimeout };
        var api = new OneLoginApiClient(http, settings.Api, context.Clock, Net.NetworkRetry.ForOneLoginToken(log, context.Clock));
        log.Detail($"OneLogin API {settings.Api.ApiUrl} (SAML API v{settings.Api.SamlApiVersion}); {settings.Transport.Describe()}");
        var mfa = new MfaOptions(settings.MfaDevice, settings.Otp, settings.MfaTimeout, pushPolling ?? PushPollSchedule.Default) { DeviceChosen = deviceChosen };
        var samlResponse = await new OneLoginSignIn(api, context, log).SignInAsync(identity, settings.Ip, mfa, cancellationToken);
        if (settings.SaveAssertion is { } savePath) SavedAssertion.Write(savePath, samlResponse, log);
        var assertion = ReadTrusted(settings, samlResponse);
        if (assertion.Roles.Count == 0)
        {
            throw new CommandFailure(ExitCodes.SignInRefused,
                $"OneLogin signed you in, but the assertion grants no AWS role (no https://aws.amazon.com/SAML/Attributes/Role values): ask your OneLogin admin to map one to app {identity.AppId}");
        }
        log.Detail($"assertion from {assertion.Issuer} with {assertion.Roles.Count} role(s)");
        return new SignedIn(samlResponse, assertion);
    }

    /// <summary>
    /// Reads the assertion, verified first when an IdP certificate or pin is known: then every claim used from here on
    /// is the verified element's, and a failing assertion never reaches a role prompt or STS.
    /// </summary>
    private SamlAssertion ReadTrusted(LoginSettings settings, string samlResponse)
    {
        if (settings.Trust is { } trust)
        {
            var verified = trust.Verifier(context.Clock).VerifyBase64(samlResponse).Assertion;
            log.Detail($"assertion verified with the {trust.Description}");
            return verified;
        }
        log.Detail("assertion not verified locally (no idp_certificate or idp_certificate_sha256; see samlassume idp-cert): STS checks its signature");
        return SamlResponseReader.Read(samlResponse);
    }

    /// <summary>Writes the profile (atomically, under the file lock) or prints exports, and says so.</summary>
    public void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region)
    {
        var expiry = $"expires {credentials.ExpirationText} (in {(credentials.Expiration - context.Clock.GetUtcNow()).TotalMinutes:0} min)";
        if (settings.Profile is null || settings.CredentialsFile is null)
        {
            context.Out.Write(ShellExports.Format(credentials, region));
            context.Out.Flush();
            log.Step($"Credentials for {credentials.AssumedRoleArn} printed as exports; {expiry}.");
            return;
        }
        new CredentialsFile(settings.CredentialsFile).WriteProfile(settings.Profile, CredentialsProfile.Keys(credentials, region));
        log.Step($"Wrote profile [{settings.Profile}] to {settings.CredentialsFile}: {credentials.AssumedRoleArn}, {expiry}.");
        log.Step($"Use it with: aws --profile {settings.Profile} sts get-caller-identity");
    }
}

/// <summary>A sign-in's result: the raw SAMLResponse (for STS) and what it says.</summary>
public sealed record SignedIn(string SamlResponse, SamlAssertion Assertion)
{
    /// <summary>Who signed in (null for a cached assertion); a loop signs in again as this one.</summary>
    public SignInIdentity? Identity { get; init; }

    public override string ToString() => $"SignedIn {{ Roles = {Assertion.Roles.Count} }}";
}
