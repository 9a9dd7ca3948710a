using System.Security.Cryptography.X509Certificates;
using System.Security;

namespace SamlAssume.Sandbox;

/// <summary>The IdP metadata OneLogin publishes at /saml/metadata/&lt;app_id&gt;: entity id plus the signing certificate.</summary>
internal static class SamlMetadata
{
    public static string Write(SandboxApp app, X509Certificate2 certificate, Uri baseUrl)
    {
        var cert = Convert.ToBase64String(certificate.RawData);
        var sso = new Uri(baseUrl, $"trust/saml2/http-post/sso/{app.AppId}");
        return $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <md:EntityDescriptor xmlns:md="{SamlNames.Metadata}" entityID="{SecurityElement.Escape(app.Issuer)}">
              <md:IDPSSODescriptor protocolSupportEnumeration="{SamlNames.Protocol}">
                <md:KeyDescriptor use="signing">
                  <ds:KeyInfo xmlns:ds="{SamlNames.XmlDsig}">
                    <ds:X509Data>
                      <ds:X509Certificate>{cert}</ds:X509Certificate>
                    </ds:X509Data>
                  </ds:KeyInfo>
                </md:KeyDescriptor>
                <md:NameIDFormat>{SamlNames.EmailNameIdFormat}</md:NameIDFormat>
                <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="{SecurityElement.Escape(sso.ToString())}"/>
              </md:IDPSSODescriptor>
            </md:EntityDescriptor>
            """;
    }
}
