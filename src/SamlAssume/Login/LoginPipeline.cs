using SamlAssume.Aws;
using SamlAssume.IdP.Saml;
using SamlAssume.Mfa;
using SamlAssume.Net;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using SamlAssume.Sources.Browser;
using SamlAssume.Sources.IamUser;
using SamlAssume.Sources.OneLogin;
using SamlAssume.Sources;

namespace SamlAssume.Login;

/// <summary>
/// One login, the only place its steps are put in order: identity source → credentials at the source → role choice →
/// STS → delivery. The strategies over it — once (<see cref="LoginFlow"/>), <see cref="LoginLoop"/> (<c>-l</c>,
/// <c>-x</c>), <see cref="ManyRolesLogin"/>, <see cref="ProfileCredentialSource"/> (credential-process, env, exec)
/// and <c>roles</c> — decide how often it runs and where the credentials go, never the order of the steps.
/// Between runs it keeps what a person chose: the credentials at the source while they are usable, the role, the region.
/// </summary>
public sealed class LoginPipeline : IDisposable
{
    private readonly CommandContext context;
    private readonly ProgressLog log;
    private readonly PushPollSchedule? pushPolling;
    private IIdentitySource source;
    private SourceCredentials? signedIn;
    private AwsRole? role;
    private string? region;
    private bool regionChosen;

    /// <param name="pushPolling">When to poll a push; null is <see cref="PushPollSchedule.Default"/> (the benchmark compares others).</param>
    public LoginPipeline(CommandContext context, ProgressLog log, LoginSettings settings, PushPollSchedule? pushPolling = null)
    {
        this.context = context;
        this.log = log;
        this.pushPolling = pushPolling;
        Settings = settings;
        Retry = new NetworkRetry(log, context.Clock);
        source = SourceFor(settings);
    }

    public LoginSettings Settings { get; private set; }

    /// <summary>The one retry layer of the source's remote calls; <see cref="LoginLoop"/> turns STS's off when it retries runs itself.</summary>
    public NetworkRetry Retry { get; }

    /// <summary>The source switch: the identity source the resolved settings name (the only place one is chosen).</summary>
    private IIdentitySource SourceFor(LoginSettings settings) => settings.Source switch
    {
        SourceKind.IamUser => new IamUserSource(context, log, settings, Retry),
        SourceKind.Browser => new BrowserSource(context, log, settings, Retry),
        _ => new OneLoginSource(context, log, settings, Retry, pushPolling),
    };

    /// <summary>Steps 1–2: the credentials at the source — the last ones while still usable, else a sign-in.</summary>
    public async Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken)
    {
        if (signedIn is not null && signedIn.UsableAt(context.Clock.GetUtcNow())) return signedIn;
        if (signedIn is not null) log.Detail("the last assertion has expired: signing in again with the same user and MFA device");
        return signedIn = await source.SignInAsync(cancellationToken);
    }

    /// <summary>Step 3 for one role: narrowed by the settings, a single match taken silently, else asked.</summary>
    public AwsRole ChooseRole(SourceCredentials credentials)
    {
        // A role named by ARN (an IAM-user role profile) is taken as it is, or refused: never a picker.
        if (Settings.RoleArn is { } arn) return credentials.RoleNamed(arn) ?? throw new UnknownRoleException(arn, credentials.RolesFrom);
        var chosen = new RolePicker(context, Settings.Aliases, Settings.Advice).Pick(credentials.Roles, Settings.AwsAccountId, Settings.AwsRoleName, Settings.SortByRole);
        log.Detail($"role {chosen.RoleArn} via {chosen.PrincipalArn}");
        return chosen;
    }

    /// <summary>Step 4: the STS call of the source for one role.</summary>
    /// <remarks>
    /// The credentials carry their issue time: STS's Date when it sent one (the lifetime then does not depend on our
    /// clock), else ours at receipt. The cache and the loop take their lifetime from it (<see cref="Cache.CredentialExpiry"/>).
    /// </remarks>
    public async Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole chosen, string? inRegion, CancellationToken cancellationToken)
    {
        var assumed = await source.AssumeAsync(credentials, chosen, inRegion, cancellationToken);
        return assumed.Issued is null ? assumed with { Issued = context.Clock.GetUtcNow() } : assumed;
    }

    /// <summary>
    /// Steps 1–5 for one role. The role and the region are chosen in the first run and kept for later ones; the
    /// credentials at the source are reused while usable.
    /// </summary>
    public async Task<TemporaryCredentials> RunAsync(ICredentialsDelivery delivery, CancellationToken cancellationToken)
    {
        var credentials = await SignInAsync(cancellationToken);
        if (Settings.IamUser is { SessionOnly: true })
        {
            // A profile that is the MFA session itself ([bastion-sts]): steps 1–2, then delivery; no role.
            var session = credentials.Session ?? throw new InvalidOperationException("the IAM-user source signs in with a session");
            delivery.Deliver(Settings, session, Settings.AwsRegion);
            return session;
        }
        role ??= ChooseRole(credentials);
        if (!regionChosen)
        {
            region = credentials.RegionOf(role) ?? delivery.ChooseRegion(Settings);
            regionChosen = true;
        }
        var assumed = await AssumeAsync(credentials, role, region, cancellationToken);
        delivery.Deliver(Settings, assumed, region);
        return assumed;
    }

    /// <summary>
    /// Steps 1–5 for a role named by its ARN (serve's <c>/role-arn/ARN</c>), which the credentials at the source must
    /// open; the role chosen for <see cref="RunAsync"/> is left as it was.
    /// </summary>
    public async Task<TemporaryCredentials> RunForRoleAsync(string roleArn, ICredentialsDelivery delivery, CancellationToken cancellationToken)
    {
        var credentials = await SignInAsync(cancellationToken);
        var named = credentials.RoleNamed(roleArn) ?? throw new UnknownRoleException(roleArn, credentials.RolesFrom);
        var inRegion = delivery.ChooseRegion(Settings);
        var assumed = await AssumeAsync(credentials, named, inRegion, cancellationToken);
        delivery.Deliver(Settings, assumed, inRegion);
        return assumed;
    }

    /// <summary>The <c>-x</c> menu: the next run asks for a role again.</summary>
    public void ChooseAnotherRole()
    {
        role = null;
        Settings = Settings with { AwsAccountId = null, AwsRoleName = null };
    }

    /// <summary>The <c>-x</c> menu: the next run signs in from scratch, as someone else.</summary>
    public void ChangeUser()
    {
        Settings = Settings with { Username = null, Password = null, MfaDevice = null, AwsAccountId = null, AwsRoleName = null };
        source.Dispose();
        source = SourceFor(Settings);
        signedIn = null;
        role = null;
    }

    /// <summary>The <c>-x</c> menu: the next run writes another profile.</summary>
    public void DeliverToProfile(string profile) => Settings = Settings with { Profile = profile };

    public void Dispose() => source.Dispose();
}
