using System.Numerics;
using System.Security.Cryptography;

namespace SamlAssume.Keyring;

/// <summary>
/// How secrets travel over D-Bus in one Secret Service session. With <c>dh-ietf1024-sha256-aes128-cbc-pkcs7</c>
/// (Secret Service API, "Transfer of Secrets") both sides agree on a key by Diffie-Hellman in the 1024-bit MODP group
/// of RFC 2409 (generator 2), derive 16 bytes with HKDF-SHA256 (no salt, no info), and each secret is AES-128-CBC
/// with PKCS7 padding under a fresh IV sent as the secret's parameters; so the secret never crosses the bus — where a
/// monitor could read it — in the clear. <c>plain</c> is the fallback for a daemon without it.
/// </summary>
public sealed class SecretTransfer
{
    public const string DhAlgorithm = "dh-ietf1024-sha256-aes128-cbc-pkcs7";
    public const string PlainAlgorithm = "plain";

    // RFC 2409 section 6.2, "Second Oakley Group".
    private static readonly BigInteger Prime = BigInteger.Parse(
        "00FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404DD" +
        "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7ED" +
        "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFFFFFFFFFFFF", System.Globalization.NumberStyles.HexNumber);
    private const int PrimeBytes = 128;

    private readonly byte[]? key;

    private SecretTransfer(byte[]? key) => this.key = key;

    public static SecretTransfer Plain { get; } = new(null);

    public string Algorithm => key is null ? PlainAlgorithm : DhAlgorithm;

    /// <summary>Our half of the key agreement: a random private exponent and the public value to send.</summary>
    public sealed class Offer
    {
        private readonly BigInteger privateKey;

        public Offer()
        {
            privateKey = new BigInteger(RandomNumberGenerator.GetBytes(PrimeBytes), isUnsigned: true, isBigEndian: true) % (Prime - 2) + 1;
            PublicKey = BigInteger.ModPow(2, privateKey, Prime).ToByteArray(isUnsigned: true, isBigEndian: true);
        }

        public byte[] PublicKey { get; }

        /// <summary>The session's transfer from the daemon's public value.</summary>
        public SecretTransfer Complete(byte[] peerPublicKey)
        {
            var peer = new BigInteger(peerPublicKey, isUnsigned: true, isBigEndian: true);
            // A peer value of 0, 1 or p-1 would fix the shared secret: refuse it rather than encrypt under a known key.
            if (peer <= 1 || peer >= Prime - 1)
            {
                throw new KeyringUnavailableException(KeyringProblem.Failed, "the keyring sent an invalid key-agreement value");
            }
            var shared = BigInteger.ModPow(peer, privateKey, Prime).ToByteArray(isUnsigned: true, isBigEndian: true);
            // Left-padded to the prime's length, as libsecret and gnome-keyring do.
            var padded = new byte[PrimeBytes];
            shared.CopyTo(padded, PrimeBytes - shared.Length);
            var aesKey = HKDF.DeriveKey(HashAlgorithmName.SHA256, padded, 16, salt: [], info: []);
            CryptographicOperations.ZeroMemory(padded);
            CryptographicOperations.ZeroMemory(shared);
            return new SecretTransfer(aesKey);
        }
    }

    /// <returns>The secret's parameters (the IV) and value, as the daemon expects them.</returns>
    public (byte[] Parameters, byte[] Value) Encrypt(byte[] plain)
    {
        if (key is null) return ([], plain);
        using var aes = Aes.Create();
        aes.Key = key;
        var iv = RandomNumberGenerator.GetBytes(16);
        return (iv, aes.EncryptCbc(plain, iv, PaddingMode.PKCS7));
    }

    public byte[] Decrypt(byte[] parameters, byte[] value)
    {
        if (key is null) return value;
        if (parameters.Length != 16)
        {
            throw new KeyringUnavailableException(KeyringProblem.Failed, "the keyring sent a secret without a valid IV");
        }
        using var aes = Aes.Create();
        aes.Key = key;
        try
        {
            return aes.DecryptCbc(value, parameters, PaddingMode.PKCS7);
        }
        catch (CryptographicException e)
        {
            throw new KeyringUnavailableException(KeyringProblem.Failed, "a secret from the keyring could not be decrypted (session key mismatch)", e);
        }
    }
}
