using SamlAssume.Aws;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;
using SamlAssume.IdP.Saml;
using SamlAssume.Login;
using SamlAssume.Net;

namespace SamlAssume.IamUser;

/// <summary>
/// The second identity source: an IAM user's long-lived keys (a profile of the credentials file, or the keyring) plus an MFA code give
/// an STS session (GetSessionToken, cached, one code per session for every process), and that session assumes roles
/// (AssumeRole) in any account without asking again. The AWS side lives in SamlAssume.Aws.Sessions; this class binds it
/// to the command's context: the shared files from the command's environment, the cache directory, the terminal,
/// the HTTP transport. The library's exceptions (AwsProfileException, MfaCodeRejectedException, StsRefusedException,
/// StsUnavailableException) pass through to Cli/FailureReporter, the one place that gives them exit codes. It is an <see cref="IIdentitySource"/> of the login pipeline: <see cref="SignInAsync"/> gives the
/// session (and the role profiles it opens), <see cref="AssumeAsync(SourceCredentials, AwsRole, string?, CancellationToken)"/>
/// one role from it; the strategies (assume-role's many roles and loop, the profile commands) are built on those two.
/// </summary>
public sealed class IamUserSource : IIdentitySource
{
    private readonly CommandContext _context;
    private readonly ProgressLog _log;
    private readonly TransportHttpClientFactory _http;

    public IamUserSource(CommandContext context, ProgressLog log, IamUserSettings settings)
    {
        _context = context;
        _log = log;
        Settings = settings;
        Profiles = ReadProfiles(context);
        SourceName = settings.SourceProfile;
        Region = Profiles.Value(SourceName, "region");
        var transport = HttpTransport.For(context.Environment, HttpTransport.DefaultConnectTimeout, TimeSpan.FromSeconds(settings.HttpTimeoutSeconds));
        _http = new TransportHttpClientFactory(transport, context.HttpHandlerFactory);
        var endpoint = StsEndpoint.Resolve(context.Environment, settings.Region ?? Region);
        Sts = new SessionStsClient(new StsClientOptions
        {
            ServiceUrl = endpoint.ServiceUrl, Region = endpoint.Region, HttpClientFactory = _http, Timeout = transport.RequestTimeout,
        });
        Cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
        // The keys are read (from the file, or the keyring) only when a session has to be started: a cached one needs none.
        Session = new MfaSession(SourceName, ReadSource, Sts, new MfaCodePrompt(context, settings.Otp, settings.PromptOnControllingTerminal, settings.TakesOtpFlag).Provider,
            new CachedMfaSessionStore(Cache.Paths), context.Clock)
        {
            SerialNumber = settings.MfaSerial ?? Profiles.MfaSerialOf(SourceName),
            DurationSeconds = settings.SessionDurationSeconds,
            MinRemaining = settings.SessionMinRemaining,
        };
    }

    public IamUserSettings Settings { get; }
    public SharedProfiles Profiles { get; }
    /// <summary>The source profile's name; its keys are read by <see cref="MfaSession"/> only when it starts a session.</summary>
    public string SourceName { get; }
    /// <summary>The source profile's region (its <c>region</c>), if any.</summary>
    public string? Region { get; }
    public SessionStsClient Sts { get; }
    public MfaSession Session { get; }
    public CredentialCache Cache { get; }

    /// <summary>The shared files as the AWS CLI finds them from the command's environment.</summary>
    public static SharedConfigFiles Files(CommandContext context) =>
        SharedConfigFiles.Resolve(name => context.Environment[name], context.HomeDirectory);

    /// <summary>
    /// The profiles as this source sees them: the shared files, and the keyring for the long-lived keys of a profile
    /// the files give no credentials (aws-vault's model). Every command of the source reads them here.
    /// </summary>
    public static SharedProfiles ReadProfiles(CommandContext context)
    {
        var files = Files(context);
        return files.Read(new KeyringKeyStore(context, files.CredentialsFile));
    }

    private SourceProfile ReadSource()
    {
        var source = Profiles.Source(SourceName);
        _log.Detail($"long-lived keys of [{source.Name}] ({source.AccessKeyId}) from {source.KeysFrom}");
        return source;
    }

    /// <summary>The MFA session: cached while good, else one code and one GetSessionToken.</summary>
    public async Task<StsCredentials> SessionAsync(CancellationToken cancellationToken)
    {
        if (Session.Cached() is { } cached)
        {
            _log.Detail($"MFA session of [{SourceName}] from the cache, valid until {UtcSeconds.Format(cached.Expiration)}");
            return cached;
        }
        var session = await Session.GetAsync(cancellationToken);
        _log.Detail(Session.SessionsStarted > 0
            ? $"started an MFA session for [{SourceName}] with {Session.SerialNumber}, valid until {UtcSeconds.Format(session.Expiration)}"
            : $"another process started the MFA session of [{SourceName}] while this one waited");
        return session;
    }

    /// <summary>Steps 1–2 of the pipeline: the MFA session (cached while good, else one code) and the role profiles it opens.</summary>
    public async Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        IReadOnlyList<Aws.Sessions.RoleProfile> profiles;
        try
        {
            profiles = Profiles.RolesLeadingTo(SourceName);
        }
        catch (AwsProfileException e)
        {
            // A malformed role profile must not stop the ones named explicitly: report it where a role is asked for.
            _log.Detail($"role profiles of [{SourceName}] not listed: {e.Message}");
            profiles = [];
        }
        return new MfaSessionCredentials(session, SourceName, profiles, Session.MinRemaining);
    }

    /// <summary>Step 4 of the pipeline for a role: the options of its profile when it has one, else the defaults.</summary>
    public Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken)
    {
        var mfa = credentials as MfaSessionCredentials ?? throw new ArgumentException("not credentials of the IAM-user source", nameof(credentials));
        var profile = mfa.Profiles.FirstOrDefault(p => p.RoleArn == role.RoleArn);
        var target = profile is null ? new RoleTarget("-", role.RoleArn, null, null, null, region) : RoleTarget.From(profile, null);
        return AssumeAsync(mfa, target, cancellationToken);
    }

    /// <summary>One role from the session; a session STS no longer takes is dropped and started once more (one new code).</summary>
    public async Task<TemporaryCredentials> AssumeAsync(MfaSessionCredentials credentials, RoleTarget target, CancellationToken cancellationToken)
    {
        var name = target.RoleSessionName ?? MfaRoleCredentials.DefaultSessionName(SourceName);
        var session = credentials.Session;
        StsCredentials role;
        try
        {
            role = await Sts.AssumeRoleAsync(session, target.RoleArn, name, target.DurationSeconds, target.ExternalId, cancellationToken);
        }
        catch (StsRefusedException e) when (e.ErrorCode is "ExpiredToken" or "InvalidClientTokenId")
        {
            _log.Step($"The MFA session of [{SourceName}] is no longer accepted by STS: starting a new one.");
            Session.Forget(session);
            session = await SessionAsync(cancellationToken);
            role = await Sts.AssumeRoleAsync(session, target.RoleArn, name, target.DurationSeconds, target.ExternalId, cancellationToken);
        }
        return new TemporaryCredentials(role.AccessKeyId, role.SecretAccessKey, role.SessionToken, role.Expiration, role.AssumedRoleArn ?? target.RoleArn);
    }

    public void Dispose() => _http.Dispose();
}
