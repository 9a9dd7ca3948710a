using System.Text.Json.Serialization;

namespace SamlAssume.Sandbox;

/// <summary>
/// Everything the sandbox pretends to know about one OneLogin account and the AWS accounts behind it.
/// Loaded from snake_case JSON; the built-in default is default-tenant.json. Properties have setters, not init:
/// the JSON source generator fills init-only properties through a constructor and would null out every default
/// that a tenant file leaves unsaid.
/// </summary>
public sealed record SandboxTenant
{
    public string Subdomain { get; set; } = "sandbox";
    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";
    /// <summary>OneLogin's numeric account id, echoed in token answers.</summary>
    public long AccountId { get; set; } = 123456;
    public int AccessTokenLifetimeSeconds { get; set; } = 36000;
    /// <summary>How long an MFA state_token lives before "State token is invalid or expired".</summary>
    public int StateTokenLifetimeSeconds { get; set; } = 300;
    /// <summary>Status for an invalid/expired state token; OneLogin's docs list 400/401/404 without saying which (unconfirmed).</summary>
    public int StateTokenErrorStatus { get; set; } = 401;
    /// <summary>How long an SMS/email/voice code stays valid.</summary>
    public int SentCodeLifetimeSeconds { get; set; } = 300;
    public SandboxAssertionSettings Assertion { get; set; } = new();
    public IReadOnlyList<SandboxApp> Apps { get; set; } = [];
    public IReadOnlyList<SandboxAccount> Accounts { get; set; } = [];
    public IReadOnlyList<SandboxUser> Users { get; set; } = [];
    /// <summary>IAM users with long-lived access keys (the "bastion" account's users of the second identity source).</summary>
    public IReadOnlyList<SandboxIamUser> IamUsers { get; set; } = [];
    public IReadOnlyList<SandboxFaultSpec> Faults { get; set; } = [];

    public SandboxApp? FindApp(string appId) => Apps.FirstOrDefault(a => a.AppId == appId);

    public SandboxUser? FindUser(string usernameOrEmail) => Users.FirstOrDefault(u =>
        string.Equals(u.Username, usernameOrEmail, StringComparison.OrdinalIgnoreCase) ||
        (u.Email is not null && string.Equals(u.Email, usernameOrEmail, StringComparison.OrdinalIgnoreCase)));

    public SandboxAccount? FindAccount(string accountId) => Accounts.FirstOrDefault(a => a.AccountId == accountId);

    /// <summary>The roles a user may assume, resolved from "account/Role" grants ("*" grants every role).</summary>
    public IReadOnlyList<(SandboxAccount Account, SandboxRole Role)> RolesOf(SandboxUser user)
    {
        var all = Accounts.SelectMany(a => a.Roles.Select(r => (Account: a, Role: r))).ToList();
        if (user.Roles.Contains("*")) return all;
        return all.Where(x => user.Roles.Contains($"{x.Account.AccountId}/{x.Role.Name}")).ToList();
    }
}

/// <summary>
/// An IAM user of the identity account: one long-lived access key pair and virtual MFA devices. Its keys alone can
/// call GetSessionToken and GetCallerIdentity; AssumeRole needs a session with MFA, as a role trust policy with the
/// <c>aws:MultiFactorAuthPresent</c> condition demands.
/// </summary>
public sealed record SandboxIamUser
{
    public string AccountId { get; set; } = "";
    public string UserName { get; set; } = "";
    /// <summary>AKIA… (20 characters), as IAM issues long-lived keys.</summary>
    public string AccessKeyId { get; set; } = "";
    public string SecretAccessKey { get; set; } = "";
    public IReadOnlyList<SandboxIamMfaDevice> MfaDevices { get; set; } = [];

    [JsonIgnore] public string Arn => $"arn:aws:iam::{AccountId}:user/{UserName}";
}

/// <summary>A virtual MFA device: its serial is an ARN (arn:aws:iam::ACCOUNT:mfa/NAME) and it computes RFC 6238 TOTP codes.</summary>
public sealed record SandboxIamMfaDevice
{
    public string SerialNumber { get; set; } = "";
    /// <summary>Base32 TOTP seed, as IAM shows it when the device is enabled.</summary>
    public string TotpSecret { get; set; } = "";
}

/// <summary>How the SAMLResponse is built: lifetimes, skew, what gets signed.</summary>
public sealed record SandboxAssertionSettings
{
    /// <summary>Conditions/SubjectConfirmationData NotOnOrAfter = now + this.</summary>
    public int LifetimeSeconds { get; set; } = 300;
    /// <summary>Conditions NotBefore = now - this, so a slightly slow clock elsewhere still accepts it.</summary>
    public int ClockSkewSeconds { get; set; } = 60;
    /// <summary>AuthnStatement SessionNotOnOrAfter = now + this; null leaves it out.</summary>
    public int? SessionNotOnOrAfterSeconds { get; set; }
    public bool SignAssertion { get; set; } = true;
    public bool SignResponse { get; set; }
    public string Recipient { get; set; } = "https://signin.aws.amazon.com/saml";
    public string Audience { get; set; } = "urn:amazon:webservices";
}

public sealed record SandboxApp
{
    public string AppId { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>SAML Issuer of assertions from this app; OneLogin uses the app's metadata URL.</summary>
    public string Issuer { get; set; } = "";
}

public sealed record SandboxAccount
{
    public string AccountId { get; set; } = "";
    public string? Alias { get; set; }
    /// <summary>Name of the IAM SAML provider; the ARN is arn:aws:iam::&lt;account&gt;:saml-provider/&lt;name&gt;.</summary>
    public string SamlProvider { get; set; } = "onelogin";
    public IReadOnlyList<SandboxRole> Roles { get; set; } = [];

    [JsonIgnore] public string ProviderArn => $"arn:aws:iam::{AccountId}:saml-provider/{SamlProvider}";
    public string RoleArn(SandboxRole role) => $"arn:aws:iam::{AccountId}:role/{role.Name}";
}

public sealed record SandboxRole
{
    public string Name { get; set; } = "";
    public int MaxSessionDuration { get; set; } = 3600;
    /// <summary>False models a trust policy that does not name the SAML provider: STS answers AccessDenied.</summary>
    public bool TrustsSaml { get; set; } = true;
}

public sealed record SandboxUser
{
    public long Id { get; set; }
    public string Username { get; set; } = "";
    public string? Email { get; set; }
    public string Password { get; set; } = "";
    public string? Firstname { get; set; }
    public string? Lastname { get; set; }
    /// <summary>"account/Role" grants, or "*" for every role in the tenant.</summary>
    public IReadOnlyList<string> Roles { get; set; } = [];
    /// <summary>When true the Role attribute values are "provider_arn,role_arn" (some IdPs do that; AWS accepts both).</summary>
    public bool ProviderFirst { get; set; }
    /// <summary>SessionDuration attribute; null leaves it out.</summary>
    public int? SessionDuration { get; set; }
    /// <summary>RoleSessionName attribute; null uses the username.</summary>
    public string? RoleSessionName { get; set; }
    public IReadOnlyList<SandboxDevice> Devices { get; set; } = [];
}

public sealed record SandboxDevice
{
    public long DeviceId { get; set; }
    /// <summary>What OneLogin shows as device_type, e.g. "OneLogin Protect".</summary>
    public string DeviceType { get; set; } = "";
    /// <summary>How the device behaves; kept apart from the display name because admins can rename devices.</summary>
    public SandboxDeviceKind Kind { get; set; }
    public bool Default { get; set; }
    /// <summary>Push: seconds after sending before the user approves.</summary>
    public double ApproveAfterSeconds { get; set; } = 1;
    /// <summary>Push: the user taps deny.</summary>
    public bool Deny { get; set; }
    /// <summary>Push: the user never answers.</summary>
    public bool Never { get; set; }
    /// <summary>TOTP, and push (OneLogin Protect also shows a code): base32 secret.</summary>
    public string? TotpSecret { get; set; }
    /// <summary>YubiKey: the 12-char modhex public id every OTP must start with.</summary>
    public string? YubikeyPublicId { get; set; }
    /// <summary>Code devices without a real algorithm here (Duo, RSA SecurID): the one code accepted.</summary>
    public string? AcceptedCode { get; set; }
}

[JsonConverter(typeof(JsonStringEnumConverter<SandboxDeviceKind>))]
public enum SandboxDeviceKind
{
    [JsonStringEnumMemberName("push")] Push,
    [JsonStringEnumMemberName("sms")] Sms,
    [JsonStringEnumMemberName("email")] Email,
    [JsonStringEnumMemberName("voice")] Voice,
    [JsonStringEnumMemberName("totp")] Totp,
    [JsonStringEnumMemberName("yubikey")] Yubikey,
    [JsonStringEnumMemberName("fixed_code")] FixedCode,
}

/// <summary>A fault or latency declared in the tenant JSON, applied at start.</summary>
public sealed record SandboxFaultSpec
{
    public string Endpoint { get; set; } = "";
    public int? StatusCode { get; set; }
    public int Times { get; set; } = 1;
    public int? RetryAfterSeconds { get; set; }
    public bool HtmlBody { get; set; }
    public bool Hang { get; set; }
    public bool ResetConnection { get; set; }
    public int? LatencyMs { get; set; }
    public int? SlowBodyByteIntervalMs { get; set; }
    public string? Body { get; set; }
    public int After { get; set; }
}
