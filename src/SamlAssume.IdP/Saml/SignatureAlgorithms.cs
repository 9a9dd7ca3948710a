using System.Security.Cryptography;
using System.Security.Cryptography.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// The signature, digest, transform and canonicalization URIs a SAMLResponse may use. Everything else is refused
/// before any cryptography runs. ECDSA is not built into SignedXml, so its descriptions are registered here.
/// </summary>
public static class SignatureAlgorithms
{
    public const string RsaSha1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    public const string RsaSha256 = SignedXml.XmlDsigRSASHA256Url;
    public const string RsaSha384 = SignedXml.XmlDsigRSASHA384Url;
    public const string RsaSha512 = SignedXml.XmlDsigRSASHA512Url;
    public const string EcdsaSha1 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1";
    public const string EcdsaSha256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";
    public const string EcdsaSha384 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384";
    public const string EcdsaSha512 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512";
    public const string Sha1 = SignedXml.XmlDsigSHA1Url;
    public const string Sha256 = SignedXml.XmlDsigSHA256Url;
    public const string Sha384 = SignedXml.XmlDsigSHA384Url;
    public const string Sha512 = SignedXml.XmlDsigSHA512Url;
    public const string Enveloped = SignedXml.XmlDsigEnvelopedSignatureTransformUrl;
    public const string ExclusiveC14N = SignedXml.XmlDsigExcC14NTransformUrl;

    private static readonly HashSet<string> StrongSignatures = [RsaSha256, RsaSha384, RsaSha512, EcdsaSha256, EcdsaSha384, EcdsaSha512];
    private static readonly HashSet<string> Sha1Signatures = [RsaSha1, EcdsaSha1];
    private static readonly HashSet<string> StrongDigests = [Sha256, Sha384, Sha512];

    public static bool IsStrongSignature(string? uri) => uri is not null && StrongSignatures.Contains(uri);
    public static bool IsSha1Signature(string? uri) => uri is not null && Sha1Signatures.Contains(uri);
    public static bool IsStrongDigest(string? uri) => uri is not null && StrongDigests.Contains(uri);
    public static bool IsSha1Digest(string? uri) => uri == Sha1;

    /// <summary>A short name for display: <c>rsa-sha256</c>, <c>ecdsa-sha384</c>, <c>sha256</c>.</summary>
    public static string ShortName(string? uri) => uri is null ? "(none)" : uri[(uri.LastIndexOfAny(['#', '/']) + 1)..];

    private static int registered;

    /// <summary>Makes SignedXml understand the ECDSA URIs (process-wide, once).</summary>
    public static void RegisterEcdsa()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha1Description), EcdsaSha1);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha256Description), EcdsaSha256);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha384Description), EcdsaSha384);
        CryptoConfig.AddAlgorithm(typeof(EcdsaSha512Description), EcdsaSha512);
    }

    public sealed class EcdsaSha1Description() : EcdsaDescription(HashAlgorithmName.SHA1);
    public sealed class EcdsaSha256Description() : EcdsaDescription(HashAlgorithmName.SHA256);
    public sealed class EcdsaSha384Description() : EcdsaDescription(HashAlgorithmName.SHA384);
    public sealed class EcdsaSha512Description() : EcdsaDescription(HashAlgorithmName.SHA512);

    /// <summary>XML-DSig ECDSA (RFC 4051): the signature value is r‖s, which is .NET's default (IEEE P1363) format.</summary>
    public abstract class EcdsaDescription : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected EcdsaDescription(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(ECDsa).AssemblyQualifiedName;
            DigestAlgorithm = hash.Name;
        }

        public override HashAlgorithm CreateDigest() => hash.Name switch
        {
            "SHA1" => SHA1.Create(),
            "SHA256" => SHA256.Create(),
            "SHA384" => SHA384.Create(),
            _ => SHA512.Create(),
        };

        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new EcdsaCheck((ECDsa)key);

        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new EcdsaSign((ECDsa)key);

        private sealed class EcdsaCheck(ECDsa key) : AsymmetricSignatureDeformatter
        {
            public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
            public override void SetHashAlgorithm(string strName) { }
            public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature);
        }

        private sealed class EcdsaSign(ECDsa key) : AsymmetricSignatureFormatter
        {
            public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
            public override void SetHashAlgorithm(string strName) { }
            public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash);
        }
    }
}
