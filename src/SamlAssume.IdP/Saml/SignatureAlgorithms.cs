using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// The signature, digest, transform and canonicalization URIs a SAMLResponse may use. Everything else is refused
/// before any cryptography runs. Every implementation SignedXml may use is registered here under its URI, so nothing
/// is found by reflection (which trimming and NativeAOT break) and nothing else can be created.
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

    /// <summary>
    /// A SignedXml over <paramref name="element"/> that can only resolve what <see cref="Register"/> registered: SignedXml
    /// creates its transforms, digests and signature descriptions by URI through CryptoConfig, whose built-in table
    /// reaches the implementations by reflection that trimming and NativeAOT remove (a NullReferenceException at
    /// CheckSignature). Callers refuse every other transform before <c>LoadXml</c> instantiates it.
    /// </summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Every URI SignedXml resolves for an accepted signature is registered with CryptoConfig by Register, constructors kept by its DynamicallyAccessedMembers annotation.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only XmlDsigXsltTransform needs dynamic code; callers refuse any transform but enveloped-signature and exclusive c14n before LoadXml creates one.")]
    public static SignedXml NewSignedXml(XmlElement element)
    {
        Register();
        return new SignedXml(element);
    }

    /// <summary>Makes SignedXml resolve exactly the allowed URIs to these implementations (process-wide, once).</summary>
    public static void Register() => _ = Registered;

    private static readonly bool Registered = RegisterAll();

    // CheckSignature compares the key with Type.GetType(description.KeyAlgorithm): those two types must stay findable by name.
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicConstructors, typeof(RSA))]
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicConstructors, typeof(ECDsa))]
    private static bool RegisterAll()
    {
        Add<XmlDsigExcC14NTransform>(ExclusiveC14N);
        Add<XmlDsigEnvelopedSignatureTransform>(Enveloped);
        Add<Sha1Digest>(Sha1);
        Add<Sha256Digest>(Sha256);
        Add<Sha384Digest>(Sha384);
        Add<Sha512Digest>(Sha512);
        Add<RsaSha1Description>(RsaSha1);
        Add<RsaSha256Description>(RsaSha256);
        Add<RsaSha384Description>(RsaSha384);
        Add<RsaSha512Description>(RsaSha512);
        Add<EcdsaSha1Description>(EcdsaSha1);
        Add<EcdsaSha256Description>(EcdsaSha256);
        Add<EcdsaSha384Description>(EcdsaSha384);
        Add<EcdsaSha512Description>(EcdsaSha512);
        return true;
    }

    // CryptoConfig.CreateFromName finds the public constructor by reflection: the annotation keeps it through trimming.
    private static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string uri) =>
        CryptoConfig.AddAlgorithm(typeof(T), uri);

    public sealed class Sha1Digest() : Digest(HashAlgorithmName.SHA1);
    public sealed class Sha256Digest() : Digest(HashAlgorithmName.SHA256);
    public sealed class Sha384Digest() : Digest(HashAlgorithmName.SHA384);
    public sealed class Sha512Digest() : Digest(HashAlgorithmName.SHA512);

    /// <summary>A Reference's DigestMethod: the platform hash behind HashAlgorithm's streaming interface.</summary>
    public abstract class Digest : HashAlgorithm
    {
        private readonly HashAlgorithmName name;
        private IncrementalHash hash;

        protected Digest(HashAlgorithmName name)
        {
            this.name = name;
            hash = IncrementalHash.CreateHash(name);
            HashSizeValue = hash.HashLengthInBytes * 8;
        }

        public override void Initialize()
        {
            hash.Dispose();
            hash = IncrementalHash.CreateHash(name);
        }

        protected override void HashCore(byte[] array, int ibStart, int cbSize) => hash.AppendData(array, ibStart, cbSize);
        protected override void HashCore(ReadOnlySpan<byte> source) => hash.AppendData(source);
        protected override byte[] HashFinal() => hash.GetHashAndReset();

        protected override void Dispose(bool disposing)
        {
            if (disposing) hash.Dispose();
            base.Dispose(disposing);
        }
    }

    private static HashAlgorithm CreateHash(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA1" => SHA1.Create(),
        "SHA256" => SHA256.Create(),
        "SHA384" => SHA384.Create(),
        _ => SHA512.Create(),
    };

    public sealed class RsaSha1Description() : RsaDescription(HashAlgorithmName.SHA1);
    public sealed class RsaSha256Description() : RsaDescription(HashAlgorithmName.SHA256);
    public sealed class RsaSha384Description() : RsaDescription(HashAlgorithmName.SHA384);
    public sealed class RsaSha512Description() : RsaDescription(HashAlgorithmName.SHA512);

    /// <summary>XML-DSig RSA (PKCS#1 v1.5), built directly: the framework's descriptions make their deformatter by type name.</summary>
    public abstract class RsaDescription : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected RsaDescription(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(RSA).AssemblyQualifiedName;
            DigestAlgorithm = hash.Name;
        }

        // The base members carry RequiresUnreferencedCode (they create by name); these overrides do not, but must match.
        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the hash directly.")]
        public override HashAlgorithm CreateDigest() => CreateHash(hash);

        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the deformatter directly.")]
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new RsaCheck((RSA)key, hash);

        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the formatter directly.")]
        public override AsymmetricSignatureFormatter CreateFormatter(AsymmetricAlgorithm key) => new RsaSign((RSA)key, hash);

        // Not RSAPKCS1Signature(De)Formatter: their SetHashAlgorithm resolves the name through CryptoConfig, empty under NativeAOT.
        private sealed class RsaCheck(RSA key, HashAlgorithmName hash) : AsymmetricSignatureDeformatter
        {
            public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
            public override void SetHashAlgorithm(string strName) { }
            public override bool VerifySignature(byte[] rgbHash, byte[] rgbSignature) => key.VerifyHash(rgbHash, rgbSignature, hash, RSASignaturePadding.Pkcs1);
        }

        private sealed class RsaSign(RSA key, HashAlgorithmName hash) : AsymmetricSignatureFormatter
        {
            public override void SetKey(AsymmetricAlgorithm key) => throw new NotSupportedException();
            public override void SetHashAlgorithm(string strName) { }
            public override byte[] CreateSignature(byte[] rgbHash) => key.SignHash(rgbHash, hash, RSASignaturePadding.Pkcs1);
        }
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

        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the hash directly.")]
        public override HashAlgorithm CreateDigest() => CreateHash(hash);

        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the deformatter directly.")]
        public override AsymmetricSignatureDeformatter CreateDeformatter(AsymmetricAlgorithm key) => new EcdsaCheck((ECDsa)key);

        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the formatter directly.")]
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
