namespace SamlAssume.IdP.OneLogin;

public sealed record AccessToken(string Value, DateTimeOffset ExpiresAt)
{
    public override string ToString() => $"AccessToken {{ ExpiresAt = {ExpiresAt:O} }}";
}

public sealed record SamlAssertionRequest(string UsernameOrEmail, string Password, string AppId, string Subdomain, string? IpAddress = null)
{
    public override string ToString() => $"SamlAssertionRequest {{ User = {UsernameOrEmail}, AppId = {AppId}, Subdomain = {Subdomain} }}";
}

/// <param name="OtpToken">The code; null to trigger the factor (push, SMS) or to poll it.</param>
/// <param name="DoNotNotify">false on the first call to send a push, true while polling.</param>
public sealed record VerifyFactorRequest(string AppId, long DeviceId, string StateToken, string? OtpToken = null, bool? DoNotNotify = null)
{
    public override string ToString() => $"VerifyFactorRequest {{ AppId = {AppId}, DeviceId = {DeviceId} }}";
}

/// <summary>An MFA device offered in the "MFA is required" answer.</summary>
public sealed record MfaDevice(long DeviceId, string DeviceType, bool IsDefault = false);

public sealed record OneLoginUser(long Id, string? Username, string? Email, string? FirstName, string? LastName);

/// <summary>What a saml_assertion or verify_factor call ended in.</summary>
public abstract record AssertionOutcome;

/// <summary>Signed in: the base64 SAMLResponse.</summary>
public sealed record AssertionIssued(string SamlResponse) : AssertionOutcome
{
    public override string ToString() => "AssertionIssued { SamlResponse = <redacted> }";
}

/// <summary>"MFA is required for this user". <see cref="CallbackUrl"/> is informational only: never call it.</summary>
public sealed record MfaRequired(string StateToken, IReadOnlyList<MfaDevice> Devices, OneLoginUser? User, string? CallbackUrl) : AssertionOutcome
{
    public override string ToString() => $"MfaRequired {{ Devices = {Devices.Count} }}";
}

/// <summary>The factor was triggered (push sent, SMS sent) or is still waiting for approval.</summary>
public sealed record FactorPending(string Message) : AssertionOutcome;
