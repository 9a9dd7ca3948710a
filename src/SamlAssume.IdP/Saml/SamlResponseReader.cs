using System.Globalization;
using System.Text;
using System.Xml;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// Reads the claims AWS acts on out of a SAMLResponse. Does not verify the signature; it is written so that a verifier
/// can: the one <c>saml:Assertion</c> must be a direct child of <c>samlp:Response</c>, and every value is read from
/// that element by walking its children, never by a document-wide search (XML signature wrapping, CVE-2022-41912,
/// CVE-2024-45409). Comments or processing instructions inside a value are refused (CVE-2017-11427 family).
/// </summary>
public static class SamlResponseReader
{
    public const string ProtocolNamespace = "urn:oasis:names:tc:SAML:2.0:protocol";
    public const string AssertionNamespace = "urn:oasis:names:tc:SAML:2.0:assertion";
    public const string RoleAttributeName = "https://aws.amazon.com/SAML/Attributes/Role";
    public const string RoleSessionNameAttributeName = "https://aws.amazon.com/SAML/Attributes/RoleSessionName";
    public const string SessionDurationAttributeName = "https://aws.amazon.com/SAML/Attributes/SessionDuration";

    /// <summary>AWS refuses SAMLAssertion over 100,000 characters; a generous XML limit well past that.</summary>
    public const int MaxXmlCharacters = 1_000_000;

    /// <summary>Decodes and reads a base64 SAMLResponse, as OneLogin's API returns it. Roles may be empty: see <see cref="SamlAssertion.RequireRoles"/>.</summary>
    public static SamlAssertion Read(string base64SamlResponse) => ReadDocument(Parse(Decode(base64SamlResponse)));


    /// <summary>Reads an already-decoded SAMLResponse. Roles may be empty: see <see cref="SamlAssertion.RequireRoles"/>.</summary>
    public static SamlAssertion ReadXml(string xml)
    {
        ArgumentNullException.ThrowIfNull(xml);
        // A StringReader, not bytes: the text is already decoded, so an encoding="…" declaration must not be re-applied.
        return ReadDocument(Load(settings => XmlReader.Create(new StringReader(xml), settings), () => HasDoctype(xml)));
    }

    /// <summary>
    /// The one <c>saml:Assertion</c> of a parsed SAMLResponse, checked to be a direct child of the root
    /// <c>samlp:Response</c> and the only Assertion anywhere in the document. A signature verifier verifies this element.
    /// </summary>
    internal static XmlElement FindTheAssertion(XmlDocument document)
    {
        var response = document.DocumentElement;
        if (response is null || response.LocalName != "Response" || response.NamespaceURI != ProtocolNamespace)
            throw new SamlFormatException($"The SAMLResponse's root element is {Quote(response?.Name)}, not samlp:Response");

        // Counting every Assertion (not only the root's children) is what catches an assertion hidden in Extensions (XSW7).
        var everywhere = document.GetElementsByTagName("Assertion", AssertionNamespace).Count;
        var direct = Children(response, "Assertion").ToList();
        if (everywhere == 0)
        {
            throw new SamlFormatException(Children(response, "EncryptedAssertion").Any()
                ? "The SAML assertion is encrypted, which SamlAssume cannot read: ask your OneLogin admin to turn off assertion encryption for this app"
                : "The SAMLResponse holds no saml:Assertion (OneLogin may have refused the sign-in)");
        }
        if (everywhere > 1)
            throw new SamlFormatException($"The SAMLResponse holds {everywhere} saml:Assertion elements; exactly one is accepted");
        if (direct.Count != 1)
            throw new SamlFormatException("The SAMLResponse's saml:Assertion is not a direct child of samlp:Response, which is refused");
        return direct[0];
    }

    internal static byte[] Decode(string base64SamlResponse)
    {
        ArgumentNullException.ThrowIfNull(base64SamlResponse);
        // OneLogin's answer is one line, but a pasted or logged one may be wrapped: whitespace is not part of base64.
        var compact = new StringBuilder(base64SamlResponse.Length);
        foreach (var c in base64SamlResponse)
        {
            if (!char.IsWhiteSpace(c))
                compact.Append(c);
        }
        if (compact.Length == 0)
            throw new SamlFormatException("The SAMLResponse is empty");
        if (compact.Length > MaxXmlCharacters * 4 / 3 + 4)
            throw new SamlFormatException("The SAMLResponse is too large to be a SAML response");
        try
        {
            return Convert.FromBase64String(compact.ToString());
        }
        catch (FormatException e)
        {
            throw new SamlFormatException("The SAMLResponse is not valid base64", e);
        }
    }

    internal static XmlDocument Parse(byte[] xml) =>
        Load(settings => XmlReader.Create(new MemoryStream(xml, writable: false), settings),
            () => HasDoctype(Encoding.UTF8.GetString(xml, 0, Math.Min(xml.Length, 64 * 1024))));

    /// <summary>Parses with DTDs prohibited and no resolver: no entity expansion, no external fetches.</summary>
    private static XmlDocument Load(Func<XmlReaderSettings, XmlReader> open, Func<bool> hasDoctype)
    {
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = MaxXmlCharacters,
            MaxCharactersFromEntities = 0,
            // Comments and PIs are kept so that a value containing one can be refused rather than silently joined.
            IgnoreComments = false,
            IgnoreProcessingInstructions = false,
            IgnoreWhitespace = false,
            CloseInput = true,
        };
        // PreserveWhitespace: a signature is computed over the exact text; a later verifier needs it unchanged.
        var document = new XmlDocument { PreserveWhitespace = true, XmlResolver = null };
        try
        {
            using var reader = open(settings);
            document.Load(reader);
        }
        catch (XmlException e) when (hasDoctype())
        {
            throw new SamlFormatException("The SAMLResponse contains a DOCTYPE, which is refused (XML entity attacks)", e);
        }
        catch (XmlException e)
        {
            var reason = e.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal)
                ? $"it is longer than {MaxXmlCharacters:N0} characters"
                : OneLine(e.Message);
            throw new SamlFormatException($"The SAMLResponse is not well-formed XML: {reason}", e);
        }
        return document;
    }

    /// <summary>
    /// Reads an already-parsed SAMLResponse (from <see cref="Parse(byte[])"/>): what a signature verifier calls after
    /// verifying <see cref="FindTheAssertion"/>'s element, so both read the very same nodes.
    /// </summary>
    internal static SamlAssertion ReadDocument(XmlDocument document)
    {
        var assertion = FindTheAssertion(document);
        var response = document.DocumentElement!;

        var issuer = TextOf(Child(assertion, "Issuer")) ?? TextOf(Child(response, "Issuer"))
                     ?? throw new SamlFormatException("The SAML assertion has no Issuer");

        var subject = Child(assertion, "Subject");
        var nameId = TextOf(Child(subject, "NameID"));
        var recipient = Children(subject, "SubjectConfirmation")
            .Select(confirmation => Child(confirmation, "SubjectConfirmationData")?.GetAttribute("Recipient"))
            .FirstOrDefault(value => !string.IsNullOrWhiteSpace(value))?.Trim();

        var conditions = Child(assertion, "Conditions");
        var audiences = Children(conditions, "AudienceRestriction")
            .SelectMany(restriction => Children(restriction, "Audience"))
            .Select(TextOf)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();

        var sessionNotOnOrAfter = Children(assertion, "AuthnStatement")
            .Select(statement => TimeOf(statement, "SessionNotOnOrAfter"))
            .FirstOrDefault(time => time is not null);

        var attributes = Children(assertion, "AttributeStatement").SelectMany(statement => Children(statement, "Attribute")).ToList();
        var (roles, malformed) = ReadRoles(ValuesOf(attributes, RoleAttributeName));
        var sessionName = ValuesOf(attributes, RoleSessionNameAttributeName).FirstOrDefault();
        var durationText = ValuesOf(attributes, SessionDurationAttributeName).FirstOrDefault();
        int? duration = null;
        if (durationText is not null)
        {
            duration = int.TryParse(durationText, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? seconds
                : throw new SamlFormatException($"The SAML assertion's SessionDuration {Quote(durationText)} is not a whole number of seconds");
        }

        return new SamlAssertion(issuer, nameId, roles, sessionName, duration,
            TimeOf(conditions, "NotBefore"), TimeOf(conditions, "NotOnOrAfter"), sessionNotOnOrAfter, audiences, recipient)
        {
            MalformedRoleValues = malformed,
        };
    }

    /// <summary>
    /// Each value is "role ARN,provider ARN" in either order (AWS accepts both, and so do peers): told apart by
    /// <c>:role/</c> and <c>:saml-provider/</c>, not by position. Duplicates are dropped, first occurrence kept.
    /// </summary>
    private static (List<AwsRole> Roles, List<string> Malformed) ReadRoles(IEnumerable<string> values)
    {
        var roles = new List<AwsRole>();
        var malformed = new List<string>();
        foreach (var value in values)
        {
            var parts = value.Split(',', StringSplitOptions.TrimEntries);
            string? role = null, provider = null;
            if (parts.Length == 2)
            {
                foreach (var part in parts)
                {
                    if (IsArnOf(part, ":role/") && !part.Contains(":saml-provider/", StringComparison.Ordinal))
                        role ??= part;
                    else if (IsArnOf(part, ":saml-provider/"))
                        provider ??= part;
                }
            }
            if (role is null || provider is null)
            {
                malformed.Add(value);
                continue;
            }
            var parsed = new AwsRole(role, provider);
            if (!roles.Contains(parsed))
                roles.Add(parsed);
        }
        return (roles, malformed);
    }

    private static bool IsArnOf(string part, string marker) =>
        part.StartsWith("arn:", StringComparison.Ordinal) && part.Contains(marker, StringComparison.Ordinal) && !part.Any(char.IsWhiteSpace);

    private static IEnumerable<string> ValuesOf(List<XmlElement> attributes, string name) =>
        attributes.Where(attribute => attribute.GetAttribute("Name") == name)
            .SelectMany(attribute => Children(attribute, "AttributeValue"))
            .Select(TextOf)
            .OfType<string>();

    private static DateTimeOffset? TimeOf(XmlElement? element, string attributeName)
    {
        if (element is null || !element.HasAttribute(attributeName))
            return null;
        var text = element.GetAttribute(attributeName).Trim();
        // SAML times are xs:dateTime in UTC ("2026-01-01T00:00:00Z"); an offset is honoured, no offset is taken as UTC.
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
            return time;
        throw new SamlFormatException($"The SAML assertion's {attributeName} {Quote(text)} is not a date and time");
    }

    /// <summary>
    /// The trimmed text of a value element: its text nodes joined. A comment or processing instruction inside is refused,
    /// because parsers disagree on whether it splits the value (<c>admin@x.com&lt;!----&gt;.evil.com</c>), and so is a child element.
    /// </summary>
    private static string? TextOf(XmlElement? element)
    {
        if (element is null)
            return null;
        var text = new StringBuilder();
        foreach (XmlNode node in element.ChildNodes)
        {
            switch (node.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    text.Append(node.Value);
                    break;
                case XmlNodeType.Comment or XmlNodeType.ProcessingInstruction:
                    throw new SamlFormatException($"The SAML assertion's {element.LocalName} contains an XML comment or processing instruction, which is refused");
                default:
                    throw new SamlFormatException($"The SAML assertion's {element.LocalName} contains markup ({Quote(node.Name)}) where only text is expected");
            }
        }
        var value = text.ToString().Trim();
        return value.Length == 0 ? null : value;
    }

    private static XmlElement? Child(XmlElement? parent, string localName) => Children(parent, localName).FirstOrDefault();

    /// <summary>Direct children in the SAML assertion namespace only: the reader never searches deeper than one level at a time.</summary>
    private static IEnumerable<XmlElement> Children(XmlElement? parent, string localName)
    {
        if (parent is null)
            yield break;
        foreach (XmlNode node in parent.ChildNodes)
        {
            if (node is XmlElement element && element.LocalName == localName && element.NamespaceURI == AssertionNamespace)
                yield return element;
        }
    }

    private static bool HasDoctype(string text)
    {
        return text.Contains("<!DOCTYPE", StringComparison.OrdinalIgnoreCase) || text.Contains("<!ENTITY", StringComparison.OrdinalIgnoreCase);
    }

    internal static string Quote(string? value) => value is null ? "(none)" : $"'{OneLine(value)}'";

    private static string OneLine(string text)
    {
        var line = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= 120 ? line : line[..120] + "…";
    }
}
