namespace SamlAssume.IdP.Saml;

/// <summary>
/// Each rule a SAMLResponse must pass before SamlAssume trusts it. A refusal names exactly one, so a user (and a
/// test) can tell an expired assertion from a signature-wrapping attack. <see cref="SamlTrustRules.Name"/> gives the
/// stable kebab-case name printed by the CLI and in <c>assertion inspect --json</c>.
/// </summary>
public enum SamlTrustRule
{
    /// <summary>Over 1 MB, or nested deeper than <see cref="SamlSignatureVerifier.MaxDepth"/>.</summary>
    TooLarge,
    /// <summary>A DOCTYPE: entity expansion and external entities are refused before parsing.</summary>
    Doctype,
    /// <summary>Not base64, not well-formed XML, or not a samlp:Response.</summary>
    Malformed,
    /// <summary>No saml:Assertion (or only an encrypted one).</summary>
    NoAssertion,
    /// <summary>More than one saml:Assertion anywhere in the document (XSW3–8, CVE-2022-41912).</summary>
    MultipleAssertions,
    /// <summary>The Assertion is not a direct child of the Response (XSW7).</summary>
    AssertionPlacement,
    /// <summary>Two elements carry the same ID (XSW5/6).</summary>
    DuplicateId,
    /// <summary>Neither the Response nor the Assertion carries a signature.</summary>
    SignatureMissing,
    /// <summary>A ds:Signature somewhere other than directly under the Response or the Assertion, or two on one element (XSW1/2, CVE-2024-45409).</summary>
    SignaturePlacement,
    /// <summary>The signature is not a well-formed XML-DSig Signature.</summary>
    SignatureMalformed,
    /// <summary>Not exactly one Reference, or it does not point by ID at the signature's parent (XSW1/2/5).</summary>
    ReferenceTarget,
    /// <summary>A ds:Object inside the signature (XSW8).</summary>
    SignatureObject,
    /// <summary>A transform or canonicalization other than enveloped-signature and exclusive c14n.</summary>
    Transform,
    /// <summary>A signature or digest algorithm outside the allow-list.</summary>
    Algorithm,
    /// <summary>SHA-1, refused unless explicitly allowed.</summary>
    Sha1,
    /// <summary>The signing key is not the configured IdP certificate (an attacker's key in KeyInfo, or no KeyInfo certificate matches the pin).</summary>
    UntrustedKey,
    /// <summary>The signature does not verify with the IdP certificate: the signed content was changed.</summary>
    SignatureInvalid,
    /// <summary>A comment or processing instruction inside a NameID or AttributeValue (CVE-2017-11427 family).</summary>
    CommentInValue,
    /// <summary>The signed assertion's values cannot be read (markup in a value, a bad date).</summary>
    Unreadable,
    /// <summary>The Response's StatusCode is not Success.</summary>
    Status,
    /// <summary>The Issuer is not the configured one.</summary>
    Issuer,
    /// <summary>NotBefore is in the future (beyond the clock skew).</summary>
    NotYetValid,
    /// <summary>NotOnOrAfter has passed (beyond the clock skew).</summary>
    Expired,
    /// <summary>No Audience is AWS sign-in.</summary>
    Audience,
    /// <summary>The Recipient is not an AWS sign-in SAML endpoint.</summary>
    Recipient,
}

public static class SamlTrustRules
{
    /// <summary>The rule's stable name: <c>MultipleAssertions</c> → <c>multiple-assertions</c>.</summary>
    public static string Name(this SamlTrustRule rule)
    {
        var text = rule.ToString();
        var name = new System.Text.StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsUpper(text[i]) && i > 0) name.Append('-');
            name.Append(char.ToLowerInvariant(text[i]));
        }
        return name.ToString();
    }
}

/// <summary>The SAMLResponse broke <see cref="Rule"/>. The message is one line, names the rule, and holds no secret.</summary>
public sealed class SamlVerificationException(SamlTrustRule rule, string message, Exception? inner = null)
    : Exception($"the SAML assertion failed verification ({rule.Name()}): {message}", inner)
{
    public SamlTrustRule Rule { get; } = rule;

    /// <summary>The explanation without the "failed verification (rule)" prefix.</summary>
    public string Reason { get; } = message;
}
