using OtpNet;

namespace SamlAssume.Sandbox;

/// <summary>
/// The codes the sandbox's OTP devices accept: RFC 6238 TOTP with HMAC-SHA1, as Google Authenticator and OneLogin
/// Protect compute them. Otp.NET does the arithmetic; this only fixes the sandbox's choices (30 s steps, one step of
/// drift either side) and reads secrets the way people paste them (any case, padding, spaces or dashes).
/// </summary>
public static class Totp
{
    private static readonly VerificationWindow OneStepOfDrift = new(previous: 1, future: 1);

    public static string Compute(string base32Secret, DateTimeOffset time, int digits = 6, int stepSeconds = 30) =>
        new OtpNet.Totp(KeyOf(base32Secret), stepSeconds, OtpHashMode.Sha1, digits).ComputeTotp(time.UtcDateTime);

    /// <summary>True if the code matches the step at <paramref name="time"/> or one step either side (clock drift).</summary>
    internal static bool Verify(string base32Secret, string code, DateTimeOffset time, int digits = 6, int stepSeconds = 30) =>
        new OtpNet.Totp(KeyOf(base32Secret), stepSeconds, OtpHashMode.Sha1, digits)
            .VerifyTotp(time.UtcDateTime, code, out _, OneStepOfDrift);

    /// <summary>The time step the code belongs to (at <paramref name="time"/> or one step either side), or null: STS accepts each step once.</summary>
    internal static long? MatchingStep(string base32Secret, string code, DateTimeOffset time, int digits = 6, int stepSeconds = 30) =>
        new OtpNet.Totp(KeyOf(base32Secret), stepSeconds, OtpHashMode.Sha1, digits)
            .VerifyTotp(time.UtcDateTime, code, out var step, OneStepOfDrift) ? step : null;

    private static byte[] KeyOf(string base32Secret) =>
        Base32Encoding.ToBytes(new string(base32Secret.Where(c => c is not (' ' or '-')).ToArray()).ToUpperInvariant());
}
