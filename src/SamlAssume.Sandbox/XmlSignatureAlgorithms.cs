using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Security.Cryptography.Xml;
using System.Xml;

namespace SamlAssume.Sandbox;

/// <summary>
/// The sandbox's own SignedXml set-up (it shares no code with the client's verifier on purpose): the URIs it signs
/// with and accepts from an IdP — RSA PKCS#1 with SHA-1/256/384/512, those digests, enveloped-signature, exclusive and
/// inclusive c14n — registered with CryptoConfig so SignedXml never looks an implementation up by reflection, which
/// trimming and NativeAOT break. Public because CryptoConfig only takes visible types.
/// </summary>
public static class XmlSignatureAlgorithms
{
    private const string RsaSha1Url = "http://www.w3.org/2000/09/xmldsig#rsa-sha1";
    private const string Sha1Url = "http://www.w3.org/2000/09/xmldsig#sha1";

    private static readonly HashSet<string> Transforms =
        [SignedXml.XmlDsigEnvelopedSignatureTransformUrl, SignedXml.XmlDsigExcC14NTransformUrl, SignedXml.XmlDsigC14NTransformUrl];

    /// <summary>A SignedXml that resolves only the registered URIs.</summary>
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = "Every URI SignedXml resolves for an accepted signature is registered with CryptoConfig below, constructors kept by the DynamicallyAccessedMembers annotation.")]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = "Only XmlDsigXsltTransform needs dynamic code; AcceptsTransforms refuses it before LoadXml could create it.")]
    public static SignedXml NewSignedXml(XmlElement element)
    {
        _ = Registered;
        return new SignedXml(element);
    }

    /// <summary>Whether every transform and the canonicalization of this ds:Signature are ones the sandbox registered.</summary>
    public static bool AcceptsTransforms(XmlElement signature) =>
        signature.GetElementsByTagName("Transform", SamlNames.XmlDsig).OfType<XmlElement>()
            .Concat(signature.GetElementsByTagName("CanonicalizationMethod", SamlNames.XmlDsig).OfType<XmlElement>())
            .All(e => Transforms.Contains(e.GetAttribute("Algorithm")));

    private static readonly bool Registered = RegisterAll();

    // CheckSignature compares the key with Type.GetType(description.KeyAlgorithm): RSA must stay findable by name.
    [DynamicDependency(DynamicallyAccessedMemberTypes.NonPublicConstructors, typeof(RSA))]
    private static bool RegisterAll()
    {
        Add<XmlDsigEnvelopedSignatureTransform>(SignedXml.XmlDsigEnvelopedSignatureTransformUrl);
        Add<XmlDsigExcC14NTransform>(SignedXml.XmlDsigExcC14NTransformUrl);
        Add<XmlDsigC14NTransform>(SignedXml.XmlDsigC14NTransformUrl);
        Add<Sha1Hash>(Sha1Url);
        Add<Sha256Hash>(SignedXml.XmlDsigSHA256Url);
        Add<Sha384Hash>(SignedXml.XmlDsigSHA384Url);
        Add<Sha512Hash>(SignedXml.XmlDsigSHA512Url);
        Add<RsaSha1>(RsaSha1Url);
        Add<RsaSha256>(SignedXml.XmlDsigRSASHA256Url);
        Add<RsaSha384>(SignedXml.XmlDsigRSASHA384Url);
        Add<RsaSha512>(SignedXml.XmlDsigRSASHA512Url);
        return true;
    }

    private static void Add<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(string uri) =>
        CryptoConfig.AddAlgorithm(typeof(T), uri);

    public sealed class Sha1Hash() : Hash(HashAlgorithmName.SHA1);
    public sealed class Sha256Hash() : Hash(HashAlgorithmName.SHA256);
    public sealed class Sha384Hash() : Hash(HashAlgorithmName.SHA384);
    public sealed class Sha512Hash() : Hash(HashAlgorithmName.SHA512);

    public abstract class Hash : HashAlgorithm
    {
        private readonly HashAlgorithmName name;
        private IncrementalHash hash;

        protected Hash(HashAlgorithmName name)
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

    public sealed class RsaSha1() : RsaPkcs1(HashAlgorithmName.SHA1);
    public sealed class RsaSha256() : RsaPkcs1(HashAlgorithmName.SHA256);
    public sealed class RsaSha384() : RsaPkcs1(HashAlgorithmName.SHA384);
    public sealed class RsaSha512() : RsaPkcs1(HashAlgorithmName.SHA512);

    /// <summary>Built directly: the framework's RSA descriptions make their (de)formatter from a type name.</summary>
    public abstract class RsaPkcs1 : SignatureDescription
    {
        private readonly HashAlgorithmName hash;

        protected RsaPkcs1(HashAlgorithmName hash)
        {
            this.hash = hash;
            KeyAlgorithm = typeof(RSA).AssemblyQualifiedName;
            DigestAlgorithm = hash.Name;
        }

        // RequiresUnreferencedCode only to match the base members' annotation; nothing here is created by name.
        [RequiresUnreferencedCode("SignatureDescription's contract; this override creates the hash directly.")]
        public override HashAlgorithm CreateDigest() => IncrementalHashAlgorithm(hash);

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

        private static HashAlgorithm IncrementalHashAlgorithm(HashAlgorithmName name) => name.Name switch
        {
            "SHA1" => new Sha1Hash(),
            "SHA256" => new Sha256Hash(),
            "SHA384" => new Sha384Hash(),
            _ => new Sha512Hash(),
        };
    }
}
