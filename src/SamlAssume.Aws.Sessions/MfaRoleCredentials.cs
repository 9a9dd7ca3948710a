using Amazon.Runtime;

namespace SamlAssume.Aws.Sessions;

/// <summary>
/// Credentials of one role, assumed from an IAM user's MFA session, for any AWS SDK client. The SDK asks for new ones
/// before the role's expire (<see cref="RefreshingAWSCredentials.PreemptExpiryTime"/>); each renewal reuses the
/// session (no MFA) and asks for a code only when the session itself has ended. Time comes from the
/// <see cref="TimeProvider"/> given, for the SDK's expiry checks as well as for the session's.
/// </summary>
public sealed class MfaRoleCredentials : RefreshingAWSCredentials
{
    private readonly MfaSession _session;
    private readonly SessionStsClient _sts;
    private readonly SdkClock _clock;
    private int _assumed;

    public MfaRoleCredentials(MfaSession session, SessionStsClient sts, string roleArn, TimeProvider? clock = null) : this(session, sts, roleArn, new SdkClock(clock ?? TimeProvider.System))
    {
    }

    private MfaRoleCredentials(MfaSession session, SessionStsClient sts, string roleArn, SdkClock clock) : base(clock)
    {
        _session = session;
        _sts = sts;
        _clock = clock;
        RoleArn = roleArn;
        PreemptExpiryTime = TimeSpan.FromMinutes(5);
    }

    /// <summary>
    /// From a role profile of the shared files (<c>role_arn</c> + <c>source_profile</c> leading to long-lived keys),
    /// with the profile's duration_seconds, role_session_name, external_id and the source's mfa_serial.
    /// </summary>
    public static MfaRoleCredentials FromProfile(string roleProfile, MfaCodeProvider codes, IMfaSessionStore? store = null,
        SharedProfiles? profiles = null, StsClientOptions? options = null, TimeProvider? clock = null)
    {
        profiles ??= SharedConfigFiles.Default().Read();
        var sourceName = profiles.SourceOf(roleProfile)
            ?? throw new AwsProfileException($"profile '{roleProfile}' does not lead to a profile with long-lived keys");
        var role = profiles.Role(roleProfile, sourceName);
        var source = profiles.Source(sourceName);
        var sts = new SessionStsClient(options ?? StsClientOptions.FromEnvironment(Environment.GetEnvironmentVariable, role.Region ?? source.Region));
        var session = new MfaSession(source, sts, codes, store ?? new MemoryMfaSessionStore(), clock ?? TimeProvider.System)
        {
            SerialNumber = role.MfaSerial ?? source.MfaSerial,
        };
        return new MfaRoleCredentials(session, sts, role.RoleArn, clock)
        {
            RoleSessionName = role.RoleSessionName ?? DefaultSessionName(source.Name),
            DurationSeconds = role.DurationSeconds,
            ExternalId = role.ExternalId,
        };
    }

    public string RoleArn { get; }
    public string RoleSessionName { get; init; } = DefaultSessionName("samlassume");
    public int? DurationSeconds { get; init; }
    public string? ExternalId { get; init; }
    public MfaSession Session => _session;
    /// <summary>How many times the role was assumed (first use and each renewal).</summary>
    public int RolesAssumed => Volatile.Read(ref _assumed);

    /// <summary>[\w+=,.@-]{2,64}, as STS requires of RoleSessionName.</summary>
    public static string DefaultSessionName(string sourceProfile)
    {
        var kept = new string(sourceProfile.Select(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '+' or '=' or ',' or '.' or '@' or '-' ? c : '-').ToArray());
        var name = $"samlassume-{kept}";
        return name.Length > 64 ? name[..64] : name;
    }

    /// <summary>Assumes the role from the session; a session STS has stopped taking is dropped and started once more.</summary>
    public async Task<StsCredentials> AssumeAsync(CancellationToken cancellationToken)
    {
        var session = await _session.GetAsync(cancellationToken);
        StsCredentials role;
        try
        {
            role = await _sts.AssumeRoleAsync(session, RoleArn, RoleSessionName, DurationSeconds, ExternalId, cancellationToken);
        }
        catch (StsRefusedException e) when (e.ErrorCode is "ExpiredToken" or "InvalidClientTokenId")
        {
            _session.Forget(session);
            session = await _session.GetAsync(cancellationToken);
            role = await _sts.AssumeRoleAsync(session, RoleArn, RoleSessionName, DurationSeconds, ExternalId, cancellationToken);
        }
        Interlocked.Increment(ref _assumed);
        return role;
    }

    protected override CredentialsRefreshState GenerateNewCredentials() => GenerateNewCredentialsAsync().GetAwaiter().GetResult();

    protected override async Task<CredentialsRefreshState> GenerateNewCredentialsAsync()
    {
        var role = await AssumeAsync(CancellationToken.None).ConfigureAwait(false);
        return new CredentialsRefreshState(role.ToImmutable(), role.Expiration.UtcDateTime, _clock);
    }

    /// <summary>The SDK's clock interface over a <see cref="TimeProvider"/>.</summary>
    private sealed class SdkClock(TimeProvider time) : Amazon.Util.Internal.ITimeProvider
    {
        public DateTime CorrectedUtcNow => time.GetUtcNow().UtcDateTime;
    }
}
