using SamlAssume.Net;

namespace SamlAssume.Settings;

/// <summary>What the user typed for a login, before configuration files fill the gaps. Null means "not given".</summary>
public sealed record LoginArguments
{
    /// <summary>What an option left out means; the options' defaults read these, so each is declared once.</summary>
    public static readonly LoginArguments Defaults = new();

    public string? ClientId { get; init; }
    public string? ClientSecret { get; init; }
    public string? Region { get; init; }
    public int Time { get; init; } = Login.LoginLoop.DefaultMinutes;
    public int Loop { get; init; } = 1;
    public string? Profile { get; init; }
    public string? File { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? Otp { get; init; }
    public string? AppId { get; init; }
    public string? Subdomain { get; init; }
    public int? Duration { get; init; }
    public bool Interactive { get; init; }
    public string? ConfigDirectory { get; init; }
    public string? AwsRegion { get; init; }
    public string? AwsAccountId { get; init; }
    public string? AwsRoleName { get; init; }
    public bool CacheSaml { get; init; }
    public bool RoleOrder { get; init; }
    public string? Ip { get; init; }
    public int SamlApiVersion { get; init; } = 2;
    public string? MfaDevice { get; init; }
    public int HttpTimeout { get; init; } = (int)Net.HttpTransport.DefaultRequestTimeout.TotalSeconds;
    /// <summary>--network-deadline in seconds (Net/NetworkDeadline).</summary>
    public int NetworkDeadline { get; init; } = (int)Net.NetworkDeadline.Default.TotalSeconds;
    public bool Verbose { get; init; }
    public int MfaTimeout { get; init; } = (int)Mfa.MfaOptions.DefaultPushTimeout.TotalSeconds;
    public string? IdpCert { get; init; }
    /// <summary>--idp-metadata FILE: trust the signing certificate (and Issuer) of the IdP's metadata.</summary>
    public string? IdpMetadata { get; init; }
    public bool AllowSha1 { get; init; }
    public string? SaveAssertion { get; init; }
    public ManyRolesArguments? ManyRoles { get; init; }
    public int ConnectTimeout { get; init; } = (int)Net.HttpTransport.DefaultConnectTimeout.TotalSeconds;
    public bool PasswordStdin { get; init; }
    /// <summary>How messages say to supply what is missing: the sign-in flags, or the profile's entry (profile commands).</summary>
    public Prompts.SignInAdvice Advice { get; init; } = Prompts.SignInAdvice.LoginFlags;
    /// <summary>--save-password, --keychain-service, --keychain-account.</summary>
    public Keyring.KeychainOptions Keychain { get; init; } = Keyring.KeychainOptions.Default;

    /// <summary>The browser source: login --browser (also chosen by --idp-url).</summary>
    public bool Browser { get; init; }
    /// <summary>The browser source: the IdP's sign-in page (--idp-url).</summary>
    public string? IdpUrl { get; init; }
    /// <summary>The browser source: no window (--headless).</summary>
    public bool Headless { get; init; }
    /// <summary>The browser source: which browser (--browser-path).</summary>
    public string? BrowserPath { get; init; }
    /// <summary>The browser source: seconds to wait for the IdP's post (--browser-timeout).</summary>
    public int? BrowserTimeout { get; init; }

    /// <summary>The IAM-user source: the profile with the long-lived keys (--source-profile).</summary>
    public string? SourceProfile { get; init; }
    /// <summary>The IAM-user source: the MFA device ARN (--mfa-serial).</summary>
    public string? MfaSerial { get; init; }
    /// <summary>The IAM-user source: the MFA session's length in seconds (GetSessionToken's DurationSeconds).</summary>
    public int? SessionDuration { get; init; }
    /// <summary>The IAM-user source: a cached MFA session is used while it has more than this left.</summary>
    public TimeSpan? SessionMinRemaining { get; init; }
    /// <summary>assume-role --from-env: the role is assumed with the credentials in AWS_ACCESS_KEY_ID/… (no source profile).</summary>
    public bool FromEnvironment { get; init; }

    // Secrets must not reach logs even if someone prints the whole record.
    public override string ToString() =>
        $"LoginArguments {{ Profile = {Profile}, Username = {Username}, AppId = {AppId}, Subdomain = {Subdomain}, Account = {AwsAccountId}, Role = {AwsRoleName} }}";
}

/// <summary>Many roles from one sign-in (--all-roles / --roles), kept apart so the login record stays the Python tool's.</summary>
/// <param name="MaxParallel">At most this many STS calls at once; null adapts to STS.</param>
public sealed record ManyRolesArguments(bool AllRoles, string? Pattern, int? MaxParallel, string ProfileTemplate)
{
    public const string DefaultTemplate = "{alias}-{role}";
    public bool Requested => AllRoles || Pattern is not null;
}

/// <summary>assume-role: which roles of the IAM user's MFA session, and whether they are written or printed.</summary>
/// <param name="Format">Printed as sh, fish, powershell, dotenv, json or "credential-process" (--json); null writes profiles.</param>
public sealed record AssumeRoleArguments(IReadOnlyList<string> Profiles, bool All, string? RoleArn, string? Format, int? MaxParallel, int? MaxRoles = null);
