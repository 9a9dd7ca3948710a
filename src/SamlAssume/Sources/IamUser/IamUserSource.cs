using SamlAssume.Aws;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;
using SamlAssume.IdP.Saml;
using SamlAssume.Net;
using SamlAssume.Settings;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// The second identity source: an IAM user's long-lived keys (a profile of the credentials file, or the keyring) plus
/// one MFA code give an STS session (GetSessionToken), kept in the cache through the one cache-and-lock path
/// (Cache/CachedRefresh: a herd of processes asks one code, and a rejected code is shared, not sent again), and that
/// session assumes roles (AssumeRole) in any account without asking again. The AWS side is SamlAssume.Aws.Sessions;
/// its exceptions pass through to the edge, which gives them exit codes.
/// </summary>
public sealed class IamUserSource : IIdentitySource
{
    private readonly CommandContext context;
    private readonly ProgressLog log;
    private readonly IamUserSettings settings;
    private readonly NetworkRetry retry;
    private readonly HttpTransport transport;
    private readonly TransportHttpClientFactory http;
    private readonly CachedRefresh refresh;
    private readonly MfaSessionCache sessions;
    private readonly MfaCodePrompt codes;
    private readonly string stsHost;

    public IamUserSource(CommandContext context, ProgressLog log, LoginSettings loginSettings, NetworkRetry retry)
    {
        this.context = context;
        this.log = log;
        this.retry = retry;
        settings = loginSettings.IamUser ?? throw new ArgumentException("not settings of the IAM-user source", nameof(loginSettings));
        transport = loginSettings.Transport;
        http = new TransportHttpClientFactory(transport, context.HttpHandlerFactory);
        var endpoint = StsEndpoint.Resolve(context.Environment, loginSettings.AwsRegion ?? settings.SourceRegion);
        stsHost = endpoint.HostAndPort;
        Sts = new SessionStsClient(StsClients.Options(endpoint, transport, http));
        var paths = CachePaths.For(context.Environment, context.HomeDirectory);
        refresh = new CachedRefresh(paths, context.Clock, log);
        sessions = new MfaSessionCache(paths);
        codes = new MfaCodePrompt(context, settings.Otp, settings.PromptOnControllingTerminal, loginSettings.Advice.TakesSignInFlags);
        renewOnce = settings.RenewSession;
        region = loginSettings.AwsRegion ?? settings.SourceRegion;
    }

    private readonly string? region;

    public SessionStsClient Sts { get; }

    private string SourceName => settings.SourceProfile;

    /// <summary>
    /// The MFA session: cached while fresh enough, else (under the session's lock) one code and one GetSessionToken.
    /// A code given to session-token (<see cref="IamUserSettings.RenewSession"/>) starts a new one whatever is cached.
    /// With --from-env, the credentials of the environment instead (never cached: they are the caller's).
    /// </summary>
    private async Task<CachedCredentials> SessionAsync(CancellationToken cancellationToken)
    {
        if (settings.FromEnvironment) return EnvironmentCredentials.Read(context.Environment, context.Clock.GetUtcNow());
        var renew = Interlocked.Exchange(ref renewOnce, false);
        return await refresh.GetAsync(CacheEntry.MfaSession(SourceName), renew ? () => null : FreshSession, () => StartSessionAsync(cancellationToken), cancellationToken);
    }

    private bool renewOnce;

    private static StsCredentials AsSts(CachedCredentials session) =>
        new(session.AccessKeyId, session.SecretAccessKey, session.SessionToken, session.Expiration);

    private CachedCredentials? FreshSession()
    {
        if (sessions.Read(SourceName) is not { } cached
            || !CredentialExpiry.IsFresh(cached.Expiration, context.Clock.GetUtcNow(), settings.SessionMinRemaining, cached.Issued)) return null;
        log.Detail($"MFA session of [{SourceName}] from the cache, valid until {UtcSeconds.Format(cached.Expiration)}");
        return cached;
    }

    private async Task<CachedCredentials> StartSessionAsync(CancellationToken cancellationToken)
    {
        if (settings.SessionDurationSeconds is < MfaSession.MinDurationSeconds or > MfaSession.MaxDurationSeconds)
            throw new InvalidInput($"an MFA session lasts {MfaSession.MinDurationSeconds} to {MfaSession.MaxDurationSeconds} seconds (36 h), not {settings.SessionDurationSeconds}");
        // The keys are read (from the file, or the keyring) only here: a cached session needs none.
        var source = settings.Profiles.Source(SourceName);
        log.Detail($"long-lived keys of [{source.Name}] ({source.AccessKeyId}) from {source.KeysFrom}");
        var serial = settings.MfaSerial ?? settings.Profiles.MfaSerialOf(SourceName) ?? await LookUpDeviceAsync(source, cancellationToken);
        var code = (await codes.Provider(new MfaCodeRequest(SourceName, serial), cancellationToken)).Trim();
        // Never retried: a code STS may have seen is not sent again.
        using var call = AwaitedCall.Named("GetSessionToken");
        var session = await Sts.GetSessionTokenAsync(source, serial, code, settings.SessionDurationSeconds, cancellationToken);
        var cached = new CachedCredentials
        {
            AccessKeyId = session.AccessKeyId, SecretAccessKey = session.SecretAccessKey, SessionToken = session.SessionToken,
            Expiration = session.Expiration, Issued = context.Clock.GetUtcNow(),
        };
        sessions.Write(SourceName, cached);
        log.Detail($"started an MFA session for [{SourceName}] with {serial}, valid until {UtcSeconds.Format(session.Expiration)}");
        return cached;
    }

    /// <summary>No mfa_serial anywhere: IAM says which device the user has (Sources/IamUser/MfaDeviceLookup).</summary>
    private async Task<string> LookUpDeviceAsync(SourceProfile source, CancellationToken cancellationToken)
    {
        using var iam = Aws.Iam.IamQueryClient.For(context, transport, region);
        return await new MfaDeviceLookup(context, log, iam, settings.PromptOnControllingTerminal).FindAsync(source, cancellationToken);
    }

    /// <summary>Steps 1–2 of the pipeline: the MFA session and the role profiles that lead to its source profile.</summary>
    public async Task<SourceCredentials> SignInAsync(CancellationToken cancellationToken)
    {
        var session = await SessionAsync(cancellationToken);
        if (settings.FromEnvironment) return new MfaSessionCredentials(AsSts(session), SourceName, [], settings.SessionMinRemaining, session.Issued);
        IReadOnlyList<RoleProfile> profiles;
        try
        {
            profiles = settings.Profiles.RolesLeadingTo(SourceName);
        }
        catch (AwsProfileException e)
        {
            // A malformed role profile must not stop the ones named explicitly: report it where a role is asked for.
            log.Detail($"role profiles of [{SourceName}] not listed: {e.Message}");
            profiles = [];
        }
        return new MfaSessionCredentials(AsSts(session), SourceName, profiles, settings.SessionMinRemaining, session.Issued);
    }

    /// <summary>
    /// Step 4 for one role, with the options of its role profile when it has one (session name, duration, external
    /// id); a session STS no longer takes is dropped and started once more (one new code).
    /// </summary>
    public async Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken)
    {
        var mfa = credentials as MfaSessionCredentials ?? throw new ArgumentException("not credentials of the IAM-user source", nameof(credentials));
        var chained = settings.Via is { } via && settings.ChainEnd is { } end && end.RoleArn == role.RoleArn;
        var target = chained ? RoleTarget.From(settings.ChainEnd!, settings.RoleDurationSeconds)
            : mfa.Profiles.FirstOrDefault(p => p.RoleArn == role.RoleArn) is { } profile
            ? RoleTarget.From(profile, settings.RoleDurationSeconds)
            : new RoleTarget("-", role.RoleArn, null, settings.RoleDurationSeconds, null, region);
        var name = target.RoleSessionName ?? MfaRoleCredentials.DefaultSessionName(SourceName);
        var session = mfa.MfaSession;
        // A two-role chain: the middle role first, from the MFA session; the last one with its credentials.
        var first = chained ? RoleTarget.From(settings.Via!, null) : target;
        var firstName = first.RoleSessionName ?? MfaRoleCredentials.DefaultSessionName(SourceName);
        StsCredentials assumed;
        try
        {
            assumed = await AssumeRoleAsync(session, first, firstName, cancellationToken);
        }
        catch (StsRefusedException e) when (e.ErrorCode is "ExpiredToken" or "InvalidClientTokenId" && !settings.FromEnvironment)
        {
            log.Step($"The MFA session of [{SourceName}] is no longer accepted by STS: starting a new one.");
            sessions.Forget(SourceName, session);
            session = AsSts(await SessionAsync(cancellationToken));
            assumed = await AssumeRoleAsync(session, first, firstName, cancellationToken);
        }
        if (chained)
        {
            log.Detail($"assumed {first.RoleArn}; now {target.RoleArn} with its credentials");
            assumed = await AssumeRoleAsync(assumed, target, name, cancellationToken);
        }
        return new TemporaryCredentials(assumed.AccessKeyId, assumed.SecretAccessKey, assumed.SessionToken, assumed.Expiration, assumed.AssumedRoleArn ?? target.RoleArn)
        {
            Issued = http.Dates.Last,
        };
    }

    /// <summary>AssumeRole under the pipeline's one retry layer (the SDK's own retries and resends are off).</summary>
    private async Task<StsCredentials> AssumeRoleAsync(StsCredentials session, RoleTarget target, string name, CancellationToken cancellationToken)
    {
        try
        {
            using var call = AwaitedCall.Named("AssumeRole");
            return await retry.ForSts("AssumeRole", stsHost, transport.RequestTimeout, Unavailable).ExecuteAsync(
                async ct => await Sts.AssumeRoleAsync(session, target.RoleArn, name, target.DurationSeconds, target.ExternalId, ct), cancellationToken);
        }
        catch (Exception e) when (NetworkRetry.DeadlineIn(e) is { } deadline)
        {
            throw deadline;
        }
        catch (Polly.Timeout.TimeoutRejectedException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StsUnavailableException($"AWS STS at {Sts.Options} did not answer AssumeRole {target.RoleArn} within {transport.RequestTimeout.TotalSeconds:0.#} s", e);
        }
    }

    /// <summary>SamlAssume.Aws.Sessions has read STS's answer: retried when it says STS was unavailable.</summary>
    /// <summary>STS was unavailable (5xx, throttling, no answer): retried like the SDK's own exceptions.</summary>
    private static bool Unavailable(Exception e) => e is StsUnavailableException;

    public void Dispose() => http.Dispose();
}
