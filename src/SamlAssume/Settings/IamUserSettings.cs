using SamlAssume.Aws.Sessions;

namespace SamlAssume.Settings;

/// <summary>
/// The IAM-user source's part of <see cref="LoginSettings"/>: which source profile (long-lived keys) and MFA device,
/// the code, how long a session lasts and when a cached one is still good, and the shared AWS files as read once for
/// the command.
/// </summary>
public sealed record IamUserSettings
{
    public required string SourceProfile { get; init; }
    /// <summary>The AWS shared config and credentials files (and the keyring for keys the files lack), read once.</summary>
    public required SharedProfiles Profiles { get; init; }
    public string? MfaSerial { get; init; }
    public string? Otp { get; init; }
    /// <summary>GetSessionToken's DurationSeconds: 900–129600, default 12 h as STS's own default.</summary>
    public int SessionDurationSeconds { get; init; } = MfaSession.DefaultDurationSeconds;
    /// <summary>A cached session is used while it has more than this left, or half its lifetime if that is less (Cache/CredentialExpiry).</summary>
    public TimeSpan SessionMinRemaining { get; init; } = MfaSession.DefaultMinRemaining;
    /// <summary>The role credentials' DurationSeconds when given (-z); else each role profile's duration_seconds, else STS's 3600.</summary>
    public int? RoleDurationSeconds { get; init; }
    /// <summary>
    /// A two-role chain (as the AWS CLI follows it): the role profile <see cref="LoginSettings.RoleArn"/>'s
    /// source_profile is itself a role profile leading to the source; this is that middle role, assumed first.
    /// </summary>
    public RoleProfile? Via { get; init; }
    /// <summary>The chain's last role profile (its session name, duration and external id), when <see cref="Via"/> is set.</summary>
    public RoleProfile? ChainEnd { get; init; }
    /// <summary>The code is asked on /dev/tty (session-token: the standard streams belong to the AWS CLI).</summary>
    public bool PromptOnControllingTerminal { get; init; }

    /// <summary>session-token --otp: a code was given for a new session, so a cached one is not served (awscli_bastion's get-session-token --mfa-code).</summary>
    public bool RenewSession { get; init; }
    /// <summary>
    /// The profile is the MFA session itself (awscli_bastion's <c>[bastion-sts]</c>: credential_process = samlassume
    /// session-token): a run delivers the session, no role is assumed.
    /// </summary>
    public bool SessionOnly { get; init; }
    /// <summary>assume-role --from-env: the credentials in the environment sign AssumeRole; there is no source profile and no MFA session.</summary>
    public bool FromEnvironment { get; init; }

    /// <summary>The name messages give the source when the credentials come from the environment.</summary>
    public const string EnvironmentSource = "environment";

    /// <summary>The source profile's region (its <c>region</c>), if any.</summary>
    public string? SourceRegion => FromEnvironment ? null : Profiles.Value(SourceProfile, "region");

    public override string ToString() => $"IamUserSettings {{ SourceProfile = {SourceProfile}, MfaSerial = {MfaSerial} }}";
}
