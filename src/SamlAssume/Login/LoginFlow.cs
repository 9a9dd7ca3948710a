using SamlAssume.Aws;
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
public sealed class LoginFlow(CommandContext context, ProgressLog log)
{
    public static readonly TimeSpan DefaultPushTimeout = TimeSpan.FromSeconds(60);
    private const string DefaultAwsRegionPrompt = "us-west-2";

    public async Task<int> RunAsync(LoginArguments args, CancellationToken cancellationToken)
    {
        var settings = LoginSettings.Resolve(args, context, log);
        var signedIn = await SignInAsync(settings, cancellationToken);
        var assertion = signedIn.Assertion;
        var role = new RolePicker(context, settings.Aliases).Pick(assertion.Roles, settings.AwsAccountId, settings.AwsRoleName, settings.SortByRole);
        log.Detail($"role {role.RoleArn} via {role.PrincipalArn}");

        var region = settings.AwsRegion;
        if (region is null && settings.Profile is not null && context.IsInteractive)
        {
            region = context.Console.Prompt(new TextPrompt<string>("AWS region:")
                .DefaultValue(DefaultAwsRegionPrompt)
                .Validate(r => StsEndpoint.IsRegionName(r.Trim()) ? ValidationResult.Success() : ValidationResult.Error("Type a region name such as us-east-1"))).Trim();
        }

        var duration = SessionDurationFor(settings.Duration, assertion);
        var endpoint = StsEndpoint.Resolve(context.Environment, region);
        log.Detail($"AssumeRoleWithSAML at {endpoint} for {duration} s");
        TemporaryCredentials credentials;
        using (var sts = new SamlRoleAssumer(endpoint, settings.Transport, context.HttpHandlerFactory, Net.NetworkRetry.ForSts(log, context.Clock, settings.Transport.RequestTimeout)))
        {
            credentials = await sts.AssumeAsync(role, signedIn.SamlResponse, duration, cancellationToken);
        }
        Deliver(settings, credentials, region);
        return ExitCodes.Ok;
    }

    /// <summary>Signs in and reads the assertion; shared by <c>login</c> and <c>roles</c>.</summary>
    public async Task<SignedIn> SignInAsync(LoginSettings settings, CancellationToken cancellationToken)
    {
        var identity = new SignInPrompts(context).Complete(settings.Username, settings.Password, settings.AppId, settings.Subdomain);
        using var http = new HttpClient(context.HttpHandlerFactory(settings.Transport), disposeHandler: true) { Timeout = settings.Transport.RequestTimeout };
        var api = new OneLoginApiClient(http, settings.Api, context.Clock, Net.NetworkRetry.ForOneLoginToken(log, context.Clock));
        log.Detail($"OneLogin API {settings.Api.ApiUrl} (SAML API v{settings.Api.SamlApiVersion}); {settings.Transport.Describe()}");
        var mfa = new MfaOptions(settings.MfaDevice, settings.Otp, DefaultPushTimeout, TimeSpan.FromSeconds(1));
        var samlResponse = await new OneLoginSignIn(api, context, log).SignInAsync(identity, settings.Ip, mfa, cancellationToken);
        var assertion = SamlResponseReader.Read(samlResponse);
        if (assertion.Roles.Count == 0)
        {
            throw new CommandFailure(ExitCodes.SignInRefused,
                $"OneLogin signed you in, but the assertion grants no AWS role (no https://aws.amazon.com/SAML/Attributes/Role values): ask your OneLogin admin to map one to app {identity.AppId}");
        }
        log.Detail($"assertion from {assertion.Issuer} with {assertion.Roles.Count} role(s)");
        return new SignedIn(samlResponse, assertion);
    }

    /// <summary>The requested duration, capped by what the assertion allows (STS would refuse more).</summary>
    private int SessionDurationFor(int requested, SamlAssertion assertion)
    {
        if (assertion.SessionDuration is int allowed && allowed >= LoginSettings.MinDuration && allowed < requested)
        {
            log.Step($"The assertion allows sessions of at most {allowed} s; asking for that instead of {requested} s.");
            return allowed;
        }
        return requested;
    }

    private void Deliver(LoginSettings settings, TemporaryCredentials credentials, string? region)
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
    public override string ToString() => $"SignedIn {{ Roles = {Assertion.Roles.Count} }}";
}
