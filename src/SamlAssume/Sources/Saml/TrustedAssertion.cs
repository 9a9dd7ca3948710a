using System.Xml;
using SamlAssume.IdP.Saml;
using SamlAssume.Settings;

namespace SamlAssume.Sources.Saml;

/// <summary>
/// Reads a SAMLResponse for any SAML source (OneLogin's API, a browser), verified first when an IdP certificate or pin
/// is known: then every claim used from here on is the verified element's, and a failing assertion never reaches a
/// role prompt or STS.
/// </summary>
public static class TrustedAssertion
{
    public static SamlAssertion Read(string samlResponse, IdpTrust? trust, TimeProvider clock, ProgressLog log)
    {
        if (trust is not null)
        {
            var verified = trust.Verifier(clock).VerifyBase64(samlResponse).Assertion;
            log.Detail($"assertion verified with the {trust.Description}");
            return verified;
        }
        log.Detail("assertion not verified locally (no idp_certificate or idp_certificate_sha256; see samlassume idp-cert): STS checks its signature");
        return SamlResponseReader.Read(samlResponse);
    }

    private const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";
    private const string Success = "urn:oasis:names:tc:SAML:2.0:status:Success";

    /// <summary>
    /// An IdP that fails still posts a Response to AWS, with an error StatusCode: a source that catches posts (the
    /// browser) checks it even when no certificate is pinned, so the person reads the IdP's status, not STS's refusal.
    /// </summary>
    public static void RequireSuccessStatus(string samlResponse)
    {
        string? code = null;
        try
        {
            var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null };
            using var reader = XmlReader.Create(new MemoryStream(Convert.FromBase64String(samlResponse.Trim())), settings);
            // Response > Status > StatusCode: the first top-level StatusCode (depth 2), never one nested deeper.
            while (reader.Read())
            {
                if (reader.NodeType == XmlNodeType.Element && reader.Depth == 2 && reader.LocalName == "StatusCode" && reader.NamespaceURI == ProtocolNamespace)
                {
                    code = reader.GetAttribute("Value");
                    break;
                }
            }
        }
        catch (Exception e) when (e is FormatException or XmlException)
        {
            throw new SamlFormatException("the SAMLResponse the IdP posted is not base64 XML", e);
        }
        if (code != Success)
            throw new SignInRefused($"the IdP posted a SAMLResponse whose StatusCode is {(code is null ? "missing" : $"\"{code}\"")}, not Success: the IdP refused or failed the sign-in");
    }
}
