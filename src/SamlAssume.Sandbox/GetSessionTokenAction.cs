using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace SamlAssume.Sandbox;

/// <summary>
/// STS GetSessionToken (docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html): called with an IAM
/// user's long-lived key; DurationSeconds 900–129600 (default 43200); SerialNumber + TokenCode prove MFA. Codes are
/// checked against the user's virtual TOTP device (RFC 6238, one step of drift either side) and each code is taken
/// once. Session credentials — its own or a role's — cannot call it again ("You cannot call any STS API except
/// AssumeRole or GetCallerIdentity", same page).
/// </summary>
internal static partial class GetSessionTokenAction
{
    public const int DefaultDurationSeconds = 43200;
    public const int MinDurationSeconds = 900;
    public const int MaxDurationSeconds = 129600;

    // The API reference's patterns: SerialNumber [\w+=/:,.@-]* length 9–256, TokenCode [\d]* length 6.
    [GeneratedRegex(@"^[\w+=/:,.@-]*$")]
    private static partial Regex SerialNumberPattern();

    [GeneratedRegex(@"^\d*$")]
    private static partial Regex TokenCodePattern();

    public static string Handle(IssuedCredential caller, IReadOnlyDictionary<string, string> form, SandboxState state, string requestId, RequestRecord record)
    {
        record.Set("caller_access_key_id", caller.AccessKeyId);
        if (caller.Kind != CredentialKind.LongLivedKey) throw new StsRejection(StsError.SessionCannotGetSessionToken());

        var duration = DefaultDurationSeconds;
        if (form.TryGetValue("DurationSeconds", out var durationText) && durationText.Length > 0)
        {
            record.Set("duration_seconds", durationText);
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration))
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer"));
            if (duration < MinDurationSeconds)
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to {MinDurationSeconds}"));
            if (duration > MaxDurationSeconds)
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to {MaxDurationSeconds}"));
        }

        var serial = form.GetValueOrDefault("SerialNumber") ?? "";
        var code = form.GetValueOrDefault("TokenCode") ?? "";
        if (serial.Length > 0)
        {
            record.Set("serial_number", serial);
            if (serial.Length is < 9 or > 256 || !SerialNumberPattern().IsMatch(serial))
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{serial}' at 'serialNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=/:,.@-]*"));
        }
        if (code.Length > 0 && (code.Length != 6 || !TokenCodePattern().IsMatch(code)))
            // The code itself is never echoed: it is a secret for the next 30 seconds.
            throw new StsRejection(StsError.Validation("1 validation error detected: Value at 'tokenCode' failed to satisfy constraint: Member must have length less than or equal to 6 and satisfy regular expression pattern: [\\d]*"));

        // By ARN, not by the tenant file's key: after a rotation (IAM CreateAccessKey) the caller signs with another key.
        var user = state.Tenant.IamUsers.First(u => u.Arn == caller.AssumedRoleArn);
        var multiFactor = false;
        if (serial.Length > 0 || code.Length > 0)
        {
            var device = user.MfaDevices.FirstOrDefault(d => d.SerialNumber == serial);
            if (device is null) throw new StsRejection(StsError.UnknownMfaSerial());
            var step = code.Length == 0 ? null : Totp.MatchingStep(device.TotpSecret, code, state.Clock.GetUtcNow());
            if (step is null)
            {
                record.Set("mfa", "invalid");
                throw new StsRejection(StsError.InvalidMfaCode());
            }
            // A code AWS accepted once is refused when it comes again, with the same words as a wrong one.
            if (!state.UsedMfaCodes.TryAdd($"{device.SerialNumber}|{step}", true))
            {
                record.Set("mfa", "reused");
                throw new StsRejection(StsError.InvalidMfaCode());
            }
            record.Set("mfa", "ok");
            multiFactor = true;
        }

        var expiration = state.Clock.GetUtcNow().AddSeconds(duration);
        expiration = new DateTimeOffset(expiration.UtcTicks - expiration.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var credential = new IssuedCredential(
            AccessKeyId: "ASIA" + AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            SecretAccessKey: AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            SessionToken: "FwoGZXIvYXdzE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(200)),
            Expiration: expiration,
            AssumedRoleArn: caller.AssumedRoleArn,
            AssumedRoleId: caller.AssumedRoleId,
            Account: caller.Account,
            Kind: CredentialKind.UserSession,
            MultiFactor: multiFactor);
        state.Credentials.Remember(credential);
        record.Set("access_key_id", credential.AccessKeyId);

        return Answer(credential, requestId);
    }

    private static string Answer(IssuedCredential credential, string requestId)
    {
        return StsXml.Success(SandboxEndpoints.GetSessionToken, requestId,
            StsXml.Credentials(credential));
    }
}
