namespace SamlAssume.Sandbox.Tests;

public sealed class TotpTests
{
    // RFC 6238 Appendix B, SHA1 column; the seed is ASCII "12345678901234567890".
    private const string RfcSeedBase32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

    [Theory]
    [InlineData(59L, "94287082")]
    [InlineData(1111111109L, "07081804")]
    [InlineData(1111111111L, "14050471")]
    [InlineData(1234567890L, "89005924")]
    [InlineData(2000000000L, "69279037")]
    [InlineData(20000000000L, "65353130")]
    public void Rfc6238_sha1_vectors(long unixSeconds, string expected) =>
        Assert.Equal(expected, Totp.Compute(RfcSeedBase32, DateTimeOffset.FromUnixTimeSeconds(unixSeconds), digits: 8));

    [Fact]
    public void Six_digits_are_the_last_six_of_eight() =>
        Assert.Equal("287082", Totp.Compute(RfcSeedBase32, DateTimeOffset.FromUnixTimeSeconds(59)));

    [Fact]
    public void Lowercase_and_padded_secrets_decode_alike() =>
        Assert.Equal(Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)),
            Totp.Compute("jbswy3dpehpk3pxp====", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000)));
}
