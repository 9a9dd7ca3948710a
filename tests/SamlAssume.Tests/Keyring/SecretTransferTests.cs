using System.Text;
using SamlAssume.Keyring;

namespace SamlAssume.Tests.Keyring;

/// <summary>The Secret Service's DH transfer on its own: both ends derive one key; malformed input is refused.</summary>
public sealed class SecretTransferTests
{
    [Fact]
    public void Both_sides_of_the_key_agreement_encrypt_and_decrypt_each_others_secrets()
    {
        var ours = new SecretTransfer.Offer();
        var theirs = new SecretTransfer.Offer();
        var a = ours.Complete(theirs.PublicKey);
        var b = theirs.Complete(ours.PublicKey);

        var (iv, value) = a.Encrypt(Encoding.UTF8.GetBytes("pässword"));

        Assert.Equal(16, iv.Length);
        Assert.DoesNotContain("pässword", Encoding.UTF8.GetString(value));
        Assert.Equal("pässword", Encoding.UTF8.GetString(b.Decrypt(iv, value)));
        Assert.Equal(SecretTransfer.DhAlgorithm, a.Algorithm);
    }

    [Fact]
    public void A_secret_without_a_full_iv_is_refused()
    {
        var a = new SecretTransfer.Offer().Complete(new SecretTransfer.Offer().PublicKey);
        var (iv, value) = a.Encrypt(Encoding.UTF8.GetBytes("a secret"));

        var e = Assert.Throws<KeyringUnavailableException>(() => a.Decrypt(iv[..8], value));
        Assert.Equal(KeyringProblem.Failed, e.Problem);
    }

    [Theory]
    [InlineData(new byte[] { 0 })]
    [InlineData(new byte[] { 1 })]
    public void A_degenerate_peer_value_is_refused(byte[] peer)
    {
        Assert.Throws<KeyringUnavailableException>(() => new SecretTransfer.Offer().Complete(peer));
    }
}
