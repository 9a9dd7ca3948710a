using System.Text.Json.Serialization;

namespace SamlAssume.Sandbox;

/// <summary>
/// Everything the sandbox pretends to know about one OneLogin account and the AWS accounts behind it.
/// Loaded from snake_case JSON; the built-in default is default-tenant.json.
/// </summary>
public sealed record SandboxTenant
{
    public string Subdomain { get; init; } = "sandbox";
    public string ClientId { get; init; } = "";
    public string ClientSecret { get; init; } = "";
    /// <summary>OneLogin's numeric account id, echoed in token answers.</summary>
    public long AccountId { get; init; } = 123456;
    public int AccessTokenLifetimeSeconds { get; init; } = 36000;
    /// <summary>How long an MFA state_token lives before "State token is invalid or expired".</summary>
    public int StateTokenLifetimeSeconds { get; init; } = 300;
    /// <summary>Status for an invalid/expired state token; OneLogin's docs list 400/401/404 without saying which (unconfirmed).</summary>
    public int StateTokenErrorStatus { get; init; } = 401;
    /// <summary>How long an SMS/email/voice code stays valid.</summary>
    public int SentCodeLifetimeSeconds { get; init; } = 300;
    public SandboxAssertionSettings Assertion { get; init; } = new();
    public IReadOnlyList<SandboxApp> Apps { get; init; } = [];
    public IReadOnlyList<SandboxAccount> Accounts { get; init; } = [];
    public IReadOnlyList<SandboxUser> Users { get; init; } = [];
    public IReadOnlyList<SandboxFaultSpec> Faults { get; init; } = [];

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

/// <summary>How the SAMLResponse is built: lifetimes, skew, what gets signed.</summary>
public sealed record SandboxAssertionSettings
{
    /// <summary>Conditions/SubjectConfirmationData NotOnOrAfter = now + this.</summary>
    public int LifetimeSeconds { get; init; } = 300;
    /// <summary>Conditions NotBefore = now - this, so a slightly slow clock elsewhere still accepts it.</summary>
    public int ClockSkewSeconds { get; init; } = 60;
    /// <summary>AuthnStatement SessionNotOnOrAfter = now + this; null leaves it out.</summary>
    public int? SessionNotOnOrAfterSeconds { get; init; }
    public bool SignAssertion { get; init; } = true;
    public bool SignResponse { get; init; }
    public string Recipient { get; init; } = "https://signin.aws.amazon.com/saml";
    public string Audience { get; init; } = "urn:amazon:webservices";
}

public sealed record SandboxApp
{
    public string AppId { get; init; } = "";
    public string Name { get; init; } = "";
    /// <summary>SAML Issuer of assertions from this app; OneLogin uses the app's metadata URL.</summary>
    public string Issuer { get; init; } = "";
}

public sealed record SandboxAccount
{
    public string AccountId { get; init; } = "";
    public string? Alias { get; init; }
    /// <summary>Name of the IAM SAML provider; the ARN is arn:aws:iam::&lt;account&gt;:saml-provider/&lt;name&gt;.</summary>
    public string SamlProvider { get; init; } = "onelogin";
    public IReadOnlyList<SandboxRole> Roles { get; init; } = [];

    [JsonIgnore] public string ProviderArn => $"arn:aws:iam::{AccountId}:saml-provider/{SamlProvider}";
    public string RoleArn(SandboxRole role) => $"arn:aws:iam::{AccountId}:role/{role.Name}";
}

public sealed record SandboxRole
{
    public string Name { get; init; } = "";
    public int MaxSessionDuration { get; init; } = 3600;
}

public sealed record SandboxUser
{
    public long Id { get; init; }
    public string Username { get; init; } = "";
    public string? Email { get; init; }
    public string Password { get; init; } = "";
    public string? Firstname { get; init; }
    public string? Lastname { get; init; }
    /// <summary>"account/Role" grants, or "*" for every role in the tenant.</summary>
    public IReadOnlyList<string> Roles { get; init; } = [];
    /// <summary>When true the Role attribute values are "provider_arn,role_arn" (some IdPs do that; AWS accepts both).</summary>
    public bool ProviderFirst { get; init; }
    /// <summary>SessionDuration attribute; null leaves it out.</summary>
    public int? SessionDuration { get; init; }
    /// <summary>RoleSessionName attribute; null uses the username.</summary>
    public string? RoleSessionName { get; init; }
    public IReadOnlyList<SandboxDevice> Devices { get; init; } = [];
}

public sealed record SandboxDevice
{
    public long DeviceId { get; init; }
    /// <summary>What OneLogin shows as device_type, e.g. "OneLogin Protect".</summary>
    public string DeviceType { get; init; } = "";
    /// <summary>How the device behaves; kept apart from the display name because admins can rename devices.</summary>
    public SandboxDeviceKind Kind { get; init; }
    public bool Default { get; init; }
    /// <summary>Push: seconds after sending before the user approves.</summary>
    public double ApproveAfterSeconds { get; init; } = 1;
    /// <summary>Push: the user taps deny.</summary>
    public bool Deny { get; init; }
    /// <summary>Push: the user never answers.</summary>
    public bool Never { get; init; }
    /// <summary>TOTP: base32 secret.</summary>
    public string? TotpSecret { get; init; }
    /// <summary>YubiKey: the 12-char modhex public id every OTP must start with.</summary>
    public string? YubikeyPublicId { get; init; }
    /// <summary>Code devices without a real algorithm here (Duo, RSA SecurID): the one code accepted.</summary>
    public string? AcceptedCode { get; init; }
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
    public string Endpoint { get; init; } = "";
    public int? StatusCode { get; init; }
    public int Times { get; init; } = 1;
    public int? RetryAfterSeconds { get; init; }
    public bool HtmlBody { get; init; }
    public bool Hang { get; init; }
    public bool ResetConnection { get; init; }
    public int? LatencyMs { get; init; }
}
