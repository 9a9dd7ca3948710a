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
}
