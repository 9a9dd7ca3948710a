using System.Globalization;
using System.Xml.Linq;

namespace SamlAssume.Sandbox;

/// <summary>IAM's XML answers (namespace https://iam.amazonaws.com/doc/2010-05-08/): results, errors, List* pages.</summary>
internal static class IamXml
{
    public static readonly XNamespace Ns = "https://iam.amazonaws.com/doc/2010-05-08/";

    public static string Error(IamError error, string requestId) => StsXml.ErrorIn(Ns, error.Type, error.Code, error.Message, requestId);

    /// <summary>Actions without a result (DeleteAccessKey) answer only ResponseMetadata.</summary>
    public static string Success(string action, string requestId, params object[]? resultContent) =>
        new XElement(Ns + (action + "Response"),
            resultContent is null ? null : new XElement(Ns + (action + "Result"), resultContent),
            new XElement(Ns + "ResponseMetadata", new XElement(Ns + "RequestId", requestId))).ToString();

    public static XElement E(string name, object? content) => new(Ns + name, content);

    public static string Date(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A list of &lt;member&gt;s plus IsTruncated/Marker, as every IAM List* answer has.</summary>
    public static object[] Page<T>(string listName, IReadOnlyList<T> all, int start, int maxItems, Func<T, XElement[]> member)
    {
        var page = all.Skip(start).Take(maxItems).ToList();
        var truncated = start + page.Count < all.Count;
        return
        [
            E(listName, page.Select(item => E("member", member(item))).ToArray()),
            E("IsTruncated", truncated ? "true" : "false"),
            truncated ? E("Marker", (start + page.Count).ToString(CultureInfo.InvariantCulture)) : null!,
        ];
    }
}

