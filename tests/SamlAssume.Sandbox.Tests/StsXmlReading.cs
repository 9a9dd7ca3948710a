using System.Xml.Linq;

namespace SamlAssume.Sandbox.Tests;

/// <summary>Reads values out of STS answers in the 2011-06-15 namespace.</summary>
internal static class StsXmlReading
{
    private static readonly XNamespace Ns = "https://sts.amazonaws.com/doc/2011-06-15/";

    public static string Value(string xml, string element) =>
        XDocument.Parse(xml).Descendants(Ns + element).Single().Value;

    public static string ErrorCode(string xml) => Value(xml, "Code");

    public static string ErrorMessage(string xml) => Value(xml, "Message");
}
