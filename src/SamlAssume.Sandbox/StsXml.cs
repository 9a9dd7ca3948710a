using System.Xml.Linq;

namespace SamlAssume.Sandbox;

/// <summary>STS Query-protocol answer documents in the 2011-06-15 namespace.</summary>
internal static class StsXml
{
    public static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static string Error(StsError error, string requestId) => ErrorIn(Ns, error.Type, error.Code, error.Message, requestId);

    /// <summary>The AWS Query protocol's error document, in a service's namespace (STS's and IAM's are alike).</summary>
    public static string ErrorIn(XNamespace ns, string type, string code, string message, string requestId) =>
        new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", type),
                new XElement(ns + "Code", code),
                new XElement(ns + "Message", message)),
            new XElement(ns + "RequestId", requestId)).ToString();

    /// <summary>&lt;{action}Response&gt;&lt;{action}Result&gt;…&lt;/…&gt;&lt;ResponseMetadata&gt;&lt;RequestId&gt;</summary>
    public static string Success(string action, string requestId, params object[] resultContent) =>
        new XElement(Ns + (action + "Response"),
            new XElement(Ns + (action + "Result"), resultContent),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))).ToString();

    public static XElement E(string name, object? content) => new(Ns + name, content);

    /// <summary>The <c>Credentials</c> element every STS action that issues keys answers with.</summary>
    public static XElement Credentials(IssuedCredential credential) => E("Credentials", new object[]
    {
        E("AccessKeyId", credential.AccessKeyId),
        E("SecretAccessKey", credential.SecretAccessKey),
        E("SessionToken", credential.SessionToken),
        E("Expiration", credential.Expiration.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)),
    });
}
