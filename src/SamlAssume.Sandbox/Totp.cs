using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SamlAssume.Sandbox;

/// <summary>RFC 6238 TOTP with HMAC-SHA1, as Google Authenticator and OneLogin OTP apps compute it.</summary>
public static class Totp
{
    public static string Compute(string base32Secret, DateTimeOffset time, int digits = 6, int stepSeconds = 30) =>
        ComputeForCounter(Base32.Decode(base32Secret), time.ToUnixTimeSeconds() / stepSeconds, digits);

    internal static string ComputeForCounter(byte[] key, long counter, int digits)
    {
        Span<byte> message = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(message, counter);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(key, message, hash);
        // RFC 4226 §5.3 dynamic truncation.
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash[offset..]) & 0x7fffffff);
        var modulo = (int)Math.Pow(10, digits);
        return (binary % modulo).ToString(new string('0', digits), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True if the code matches the step at <paramref name="time"/> or one step either side (clock drift).</summary>
    internal static bool Verify(string base32Secret, string code, DateTimeOffset time, int digits = 6, int stepSeconds = 30)
    {
        var key = Base32.Decode(base32Secret);
        var counter = time.ToUnixTimeSeconds() / stepSeconds;
        for (var delta = -1; delta <= 1; delta++)
        {
            var expected = ComputeForCounter(key, counter + delta, digits);
            if (CryptographicOperations.FixedTimeEquals(System.Text.Encoding.ASCII.GetBytes(expected), System.Text.Encoding.ASCII.GetBytes(code)))
                return true;
        }
        return false;
    }
}
