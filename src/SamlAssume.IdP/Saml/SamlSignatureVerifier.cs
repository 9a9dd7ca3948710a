using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography.Xml;
using System.Text;
using System.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>A SAMLResponse that passed every <see cref="SamlTrustRule"/>, and the values read from its verified Assertion.</summary>
public sealed record VerifiedAssertion(SamlAssertion Assertion, SamlSignatureInfo Signature, string SigningCertificateSha256);

/// <summary>
/// Verifies a SAMLResponse the way REFERENCE.md's attack table asks, each check a named <see cref="SamlTrustRule"/>:
/// structure first (one Assertion, directly under the Response; unique IDs; signatures only directly under the
/// Response or the Assertion), then each signature (one Reference to its own parent, only enveloped + exclusive
/// c14n, allow-listed algorithms, the configured key and never a KeyInfo key), then the claims, read by
/// <see cref="SamlResponseReader.ReadDocument"/> from the very element that was verified. <c>SignedXml.CheckSignature</c>
/// alone accepts XSW3 and KeyInfo keys, so it is only called after the structure is known to be sound.
/// </summary>
public sealed class SamlSignatureVerifier
{
    /// <summary>A OneLogin response is about 8 levels deep; 64 leaves room for any IdP and bounds recursive canonicalization.</summary>
    public const int MaxDepth = 64;

    private const string SuccessStatus = "urn:oasis:names:tc:SAML:2.0:status:Success";

    private readonly SamlTrustSettings settings;
    private readonly TimeProvider clock;

    public SamlSignatureVerifier(SamlTrustSettings settings, TimeProvider clock)
    {
        if (settings.Certificate is not null && settings.PinnedSha256 is not null && CertificateFingerprint.Sha256(settings.Certificate) != settings.PinnedSha256)
            throw new ArgumentException("the configured certificate does not match the pinned fingerprint", nameof(settings));
        this.settings = settings;
        this.clock = clock;
    }

    /// <summary>Verifies a base64 SAMLResponse, as OneLogin's API returns it and STS takes it.</summary>
    public VerifiedAssertion VerifyBase64(string base64SamlResponse)
    {
        byte[] xml;
        try
        {
            xml = SamlResponseReader.Decode(base64SamlResponse);
        }
        catch (SamlFormatException e)
        {
            throw new SamlVerificationException(e.Message.Contains("too large", StringComparison.Ordinal) ? SamlTrustRule.TooLarge : SamlTrustRule.Malformed, e.Message, e);
        }
        return Verify(xml);
    }

    /// <summary>Verifies the XML bytes of a SAMLResponse.</summary>
    public VerifiedAssertion Verify(byte[] xml)
    {
        if (settings.Certificate is null && settings.PinnedSha256 is null)
            throw new InvalidOperationException("verifying a signature needs a certificate or a pinned fingerprint");
        var (claims, signature, signer) = Check(xml, verifySignature: true);
        return new VerifiedAssertion(claims, signature, CertificateFingerprint.Sha256(signer!));
    }

    /// <summary>
    /// Every rule except the signature's, for <c>assertion inspect</c> when no IdP certificate is known: says whether an
    /// assertion is expired, misaddressed or malformed. Its claims are not trustworthy.
    /// </summary>
    public SamlAssertion CheckWithoutSignature(byte[] xml) => Check(xml, verifySignature: false).Claims;

    private (SamlAssertion Claims, SamlSignatureInfo Signature, X509Certificate2? Signer) Check(byte[] xml, bool verifySignature)
    {
        var document = Load(xml);
        var response = document.DocumentElement!;
        var assertion = TheAssertion(document, response);
        RefuseDuplicateIds(document);
        var signer = verifySignature ? VerifySignatures(document, response, assertion) : null;

        // Comments are invisible to exclusive c14n, so they survive signing: refuse them where they would split a value.
        RefuseCommentsIn(assertion, "NameID");
        RefuseCommentsIn(assertion, "AttributeValue");

        SamlAssertion claims;
        try
        {
            // ReadDocument walks from this same document's one direct-child Assertion, which is the element verified above.
            claims = SamlResponseReader.ReadDocument(document);
        }
        catch (SamlFormatException e)
        {
            throw new SamlVerificationException(SamlTrustRule.Unreadable, e.Message, e);
        }

        CheckStatus(response);
        CheckIssuer(response, claims);
        CheckTimes(assertion, claims);
        CheckAudience(claims);
        CheckRecipient(claims);
        return (claims, SamlSignatureInfo.Describe(response, assertion), signer);
    }

    /// <summary>Size and DOCTYPE before the parser sees the bytes; the parser itself prohibits DTDs and resolves nothing.</summary>
    internal static XmlDocument Load(byte[] xml)
    {
        if (xml.Length > SamlResponseReader.MaxXmlCharacters)
            throw new SamlVerificationException(SamlTrustRule.TooLarge, $"it is {xml.Length:N0} bytes; at most {SamlResponseReader.MaxXmlCharacters:N0} are accepted");
        if (ContainsDoctype(xml))
            throw new SamlVerificationException(SamlTrustRule.Doctype, "it contains a DOCTYPE or ENTITY declaration (XML entity expansion / external entities)");
        XmlDocument document;
        try
        {
            document = SamlResponseReader.Parse(xml);
        }
        catch (SamlFormatException e)
        {
            throw new SamlVerificationException(e.Message.Contains("DOCTYPE", StringComparison.Ordinal) ? SamlTrustRule.Doctype : SamlTrustRule.Malformed, e.Message, e);
        }
        var response = document.DocumentElement;
        if (response is null || response.LocalName != "Response" || response.NamespaceURI != SamlResponseReader.ProtocolNamespace)
            throw new SamlVerificationException(SamlTrustRule.Malformed, $"the root element is {SamlResponseReader.Quote(response?.Name)}, not samlp:Response");
        var depth = Depth(response);
        if (depth > MaxDepth)
            throw new SamlVerificationException(SamlTrustRule.TooLarge, $"elements are nested {depth} deep; at most {MaxDepth} are accepted");
        return document;
    }

    private static bool ContainsDoctype(byte[] xml)
    {
        // Searched as UTF-8/ASCII and as UTF-16 so a re-encoded document cannot slip a DTD past this scan.
        ReadOnlySpan<byte> bytes = xml;
        return bytes.IndexOf("<!DOCTYPE"u8) >= 0 || bytes.IndexOf("<!ENTITY"u8) >= 0
            || bytes.IndexOf(Encoding.Unicode.GetBytes("<!DOCTYPE")) >= 0 || bytes.IndexOf(Encoding.BigEndianUnicode.GetBytes("<!DOCTYPE")) >= 0;
    }

    private static int Depth(XmlElement root)
    {
        var deepest = 0;
        var stack = new Stack<(XmlNode Node, int Depth)>();
        stack.Push((root, 1));
        while (stack.Count > 0)
        {
            var (node, depth) = stack.Pop();
            if (depth > deepest) deepest = depth;
            if (depth > MaxDepth) return depth;
            for (var child = node.FirstChild; child is not null; child = child.NextSibling)
            {
                if (child.NodeType == XmlNodeType.Element) stack.Push((child, depth + 1));
            }
        }
        return deepest;
    }

    private static XmlElement TheAssertion(XmlDocument document, XmlElement response)
    {
        // Every Assertion in the document counts, not only the Response's children: that is what catches XSW7 and CVE-2022-41912.
        var all = document.GetElementsByTagName("Assertion", SamlResponseReader.AssertionNamespace);
        if (all.Count == 0)
        {
            var encrypted = document.GetElementsByTagName("EncryptedAssertion", SamlResponseReader.AssertionNamespace).Count > 0;
            throw new SamlVerificationException(SamlTrustRule.NoAssertion, encrypted
                ? "the assertion is encrypted, which SamlAssume cannot read (turn off assertion encryption for this app)"
                : "the SAMLResponse holds no saml:Assertion");
        }
        if (all.Count > 1)
            throw new SamlVerificationException(SamlTrustRule.MultipleAssertions, $"the SAMLResponse holds {all.Count} saml:Assertion elements; exactly one is accepted");
        var assertion = (XmlElement)all[0]!;
        if (assertion.ParentNode != response)
            throw new SamlVerificationException(SamlTrustRule.AssertionPlacement, $"the saml:Assertion is inside {assertion.ParentNode?.Name}, not directly under samlp:Response");
        return assertion;
    }

    private static void RefuseDuplicateIds(XmlDocument document)
    {
        // SignedXml resolves "#x" against ID, Id and id alike, so all three spellings share one namespace of IDs.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (XmlElement element in document.GetElementsByTagName("*"))
        {
            foreach (XmlAttribute attribute in element.Attributes)
            {
                if (attribute.NamespaceURI.Length == 0 && attribute.LocalName is "ID" or "Id" or "id" && !seen.Add(attribute.Value))
                    throw new SamlVerificationException(SamlTrustRule.DuplicateId, $"the ID {SamlResponseReader.Quote(attribute.Value)} appears on more than one element");
            }
        }
    }

    /// <summary>Verifies the Signature of the Response and/or the Assertion; returns the certificate that verified.</summary>
    private X509Certificate2 VerifySignatures(XmlDocument document, XmlElement response, XmlElement assertion)
    {
        // Take only a Signature that is a direct child of one of the two signable elements; any other ds:Signature is
        // refused rather than ignored, because finding one by a wide search is CVE-2024-45409.
        foreach (XmlElement signature in document.GetElementsByTagName("Signature", SignedXml.XmlDsigNamespaceUrl))
        {
            if (signature.ParentNode != response && signature.ParentNode != assertion)
                throw new SamlVerificationException(SamlTrustRule.SignaturePlacement, $"a ds:Signature sits inside {signature.ParentNode?.Name}; only the Response's or the Assertion's own signature is accepted");
        }
        X509Certificate2? signer = null;
        foreach (var element in new[] { response, assertion })
        {
            var signatures = SamlSignatureInfo.DsChildren(element, "Signature").ToList();
            if (signatures.Count > 1)
                throw new SamlVerificationException(SamlTrustRule.SignaturePlacement, $"{element.Name} carries {signatures.Count} signatures; one is accepted");
            if (signatures.Count == 1)
                signer = VerifyOne(element, signatures[0]);
        }
        return signer ?? throw new SamlVerificationException(SamlTrustRule.SignatureMissing, "neither the Response nor the Assertion is signed");
    }

    private X509Certificate2 VerifyOne(XmlElement signed, XmlElement signature)
    {
        // On the XML, before LoadXml instantiates them by URI: no other transform (XSLT, XPath) is ever created.
        RefuseTransforms(signature);
        var signedXml = SignatureAlgorithms.NewSignedXml(signed);
        try
        {
            signedXml.LoadXml(signature);
        }
        catch (CryptographicException e)
        {
            throw new SamlVerificationException(SamlTrustRule.SignatureMalformed, $"the {signed.LocalName}'s signature is not a valid XML signature ({e.Message})", e);
        }

        var id = signed.GetAttribute("ID");
        var references = signedXml.SignedInfo!.References;
        if (references.Count != 1)
            throw new SamlVerificationException(SamlTrustRule.ReferenceTarget, $"the {signed.LocalName}'s signature has {references.Count} references; exactly one is accepted");
        var reference = (Reference)references[0]!;
        if (id.Length == 0 || reference.Uri != "#" + id)
            throw new SamlVerificationException(SamlTrustRule.ReferenceTarget, $"the {signed.LocalName}'s signature points at {SamlResponseReader.Quote(reference.Uri)}, not at its own element {SamlResponseReader.Quote("#" + id)}");
        if (signedXml.Signature.ObjectList.Count != 0)
            throw new SamlVerificationException(SamlTrustRule.SignatureObject, $"the {signed.LocalName}'s signature carries a ds:Object, which is refused");

        CheckAlgorithm("signature", signedXml.SignedInfo.SignatureMethod, SignatureAlgorithms.IsStrongSignature, SignatureAlgorithms.IsSha1Signature);
        CheckAlgorithm("digest", reference.DigestMethod, SignatureAlgorithms.IsStrongDigest, SignatureAlgorithms.IsSha1Digest);

        var keyInfoCertificates = SamlSignatureInfo.KeyInfoCertificates(signature).ToList();
        var key = settings.Certificate ?? keyInfoCertificates.FirstOrDefault(c => CertificateFingerprint.Sha256(c) == settings.PinnedSha256)
            ?? throw new SamlVerificationException(SamlTrustRule.UntrustedKey, keyInfoCertificates.Count == 0
                ? $"the {signed.LocalName}'s signature carries no certificate to match the pinned fingerprint {settings.PinnedSha256}"
                : $"the {signed.LocalName} was signed with certificate {CertificateFingerprint.Sha256(keyInfoCertificates[0])}, not the pinned {settings.PinnedSha256}");

        bool valid;
        try
        {
            // verifySignatureOnly: the IdP certificate is trusted by configuration (often self-signed), not by a chain.
            valid = signedXml.CheckSignature(key, verifySignatureOnly: true);
        }
        catch (CryptographicException e)
        {
            throw new SamlVerificationException(SamlTrustRule.SignatureInvalid, $"the {signed.LocalName}'s signature cannot be checked ({e.Message})", e);
        }
        if (!valid)
        {
            var expected = CertificateFingerprint.Sha256(key);
            var other = keyInfoCertificates.Select(CertificateFingerprint.Sha256).FirstOrDefault(f => f != expected);
            if (other is not null)
                throw new SamlVerificationException(SamlTrustRule.UntrustedKey, $"the {signed.LocalName} was signed with certificate {other} from its KeyInfo, not the IdP certificate {expected}");
            throw new SamlVerificationException(SamlTrustRule.SignatureInvalid, $"the {signed.LocalName}'s signature does not match its content with the IdP certificate {expected} (changed after signing, or signed by another key)");
        }
        return key;
    }

    private static void RefuseTransforms(XmlElement signature)
    {
        var signedInfo = SamlSignatureInfo.DsChild(signature, "SignedInfo");
        var canonicalization = SamlSignatureInfo.DsChild(signedInfo, "CanonicalizationMethod")?.GetAttribute("Algorithm");
        if (canonicalization is not null && canonicalization != SignatureAlgorithms.ExclusiveC14N)
            throw new SamlVerificationException(SamlTrustRule.Transform, $"canonicalization {SamlResponseReader.Quote(canonicalization)} is not exclusive c14n");
        foreach (var reference in SamlSignatureInfo.DsChildren(signedInfo, "Reference"))
        {
            foreach (var transform in SamlSignatureInfo.DsChildren(SamlSignatureInfo.DsChild(reference, "Transforms"), "Transform"))
            {
                var algorithm = transform.GetAttribute("Algorithm");
                if (algorithm is not (SignatureAlgorithms.Enveloped or SignatureAlgorithms.ExclusiveC14N))
                    throw new SamlVerificationException(SamlTrustRule.Transform, $"transform {SamlResponseReader.Quote(algorithm)} is not enveloped-signature or exclusive c14n");
            }
        }
    }

    private void CheckAlgorithm(string what, string? uri, Func<string?, bool> strong, Func<string?, bool> sha1)
    {
        if (strong(uri)) return;
        if (sha1(uri))
        {
            if (settings.AllowSha1) return;
            throw new SamlVerificationException(SamlTrustRule.Sha1, $"the {what} algorithm is SHA-1 ({SignatureAlgorithms.ShortName(uri)}), refused unless --allow-sha1");
        }
        throw new SamlVerificationException(SamlTrustRule.Algorithm, $"the {what} algorithm {SamlResponseReader.Quote(uri)} is not allowed (RSA or ECDSA with SHA-256/384/512)");
    }

    private static void RefuseCommentsIn(XmlElement assertion, string localName)
    {
        foreach (XmlElement value in assertion.GetElementsByTagName(localName, SamlResponseReader.AssertionNamespace))
        {
            foreach (XmlNode child in value.ChildNodes)
            {
                if (child.NodeType is XmlNodeType.Comment or XmlNodeType.ProcessingInstruction)
                    throw new SamlVerificationException(SamlTrustRule.CommentInValue, $"a {localName} contains an XML comment or processing instruction, which could truncate its value");
            }
        }
    }

    private static void CheckStatus(XmlElement response)
    {
        var code = Child(Child(response, "Status", SamlResponseReader.ProtocolNamespace), "StatusCode", SamlResponseReader.ProtocolNamespace)?.GetAttribute("Value");
        if (code != SuccessStatus)
            throw new SamlVerificationException(SamlTrustRule.Status, $"the Response's StatusCode is {SamlResponseReader.Quote(code)}, not Success");
    }

    private void CheckIssuer(XmlElement response, SamlAssertion claims)
    {
        if (settings.ExpectedIssuer is not { } expected) return;
        var responseIssuer = Child(response, "Issuer", SamlResponseReader.AssertionNamespace)?.InnerText.Trim();
        if (claims.Issuer != expected || (responseIssuer is not null && responseIssuer != expected))
            throw new SamlVerificationException(SamlTrustRule.Issuer, $"the Issuer is {SamlResponseReader.Quote(claims.Issuer != expected ? claims.Issuer : responseIssuer)}, not the configured {SamlResponseReader.Quote(expected)}");
    }

    private void CheckTimes(XmlElement assertion, SamlAssertion claims)
    {
        var now = clock.GetUtcNow();
        if (claims.NotBefore is { } notBefore && now + settings.ClockSkew < notBefore)
            throw new SamlVerificationException(SamlTrustRule.NotYetValid, $"it is valid only from {Instant(notBefore)} (now {Instant(now)}, {settings.ClockSkew.TotalMinutes:0} min skew allowed)");
        // AWS checks SubjectConfirmationData's NotOnOrAfter too; the earlier of the two applies.
        var confirmation = Child(Child(Child(assertion, "Subject", SamlResponseReader.AssertionNamespace), "SubjectConfirmation", SamlResponseReader.AssertionNamespace),
            "SubjectConfirmationData", SamlResponseReader.AssertionNamespace);
        DateTimeOffset? confirmationEnd = confirmation?.GetAttribute("NotOnOrAfter") is { Length: > 0 } text
            && DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed : null;
        var end = new[] { claims.NotOnOrAfter, confirmationEnd }.Where(t => t is not null).Min();
        if (end is { } notOnOrAfter && now - settings.ClockSkew >= notOnOrAfter)
            throw new SamlVerificationException(SamlTrustRule.Expired, $"it expired at {Instant(notOnOrAfter)} (now {Instant(now)}, {settings.ClockSkew.TotalMinutes:0} min skew allowed)");
    }

    private static void CheckAudience(SamlAssertion claims)
    {
        if (!claims.Audiences.Any(AwsSignInEndpoints.IsAudience))
            throw new SamlVerificationException(SamlTrustRule.Audience, $"the Audience is {(claims.Audiences.Count == 0 ? "missing" : string.Join(", ", claims.Audiences.Select(SamlResponseReader.Quote)))}, not urn:amazon:webservices or https://signin.aws.amazon.com/saml");
    }

    private static void CheckRecipient(SamlAssertion claims)
    {
        if (claims.Recipient is null || !AwsSignInEndpoints.IsRecipient(claims.Recipient))
            throw new SamlVerificationException(SamlTrustRule.Recipient, $"the Recipient {SamlResponseReader.Quote(claims.Recipient)} is not an AWS sign-in SAML endpoint (https://signin.aws.amazon.com/saml or a regional one)");
    }

    private static XmlElement? Child(XmlElement? parent, string localName, string ns)
    {
        if (parent is null) return null;
        foreach (XmlNode node in parent.ChildNodes)
        {
            if (node is XmlElement element && element.LocalName == localName && element.NamespaceURI == ns) return element;
        }
        return null;
    }

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
