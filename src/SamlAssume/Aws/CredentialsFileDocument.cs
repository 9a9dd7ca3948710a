using System.Text;
using System.Text.RegularExpressions;

namespace SamlAssume.Aws;

/// <summary>
/// The credentials file as a list of lines, read the way botocore reads it (Python's RawConfigParser with its
/// defaults: "=" or ":" between key and value, whole-line "#"/";" comments, no inline comments, indented lines
/// continue the previous value, duplicate sections or keys are errors), and edited so that every line not written
/// goes back unchanged.
/// </summary>
internal sealed partial class CredentialsFileDocument
{
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string path;
    private readonly bool hasBom;
    private readonly List<CredentialsFileLine> lines;

    private CredentialsFileDocument(string path, bool hasBom, List<CredentialsFileLine> lines)
    {
        this.path = path;
        this.hasBom = hasBom;
        this.lines = lines;
    }

    /// <summary>A header is "[name]", optionally indented, optionally followed by a comment. configparser's own
    /// pattern is looser ("[a]=b" is a section to it); anything it would read differently is refused instead.</summary>
    [GeneratedRegex(@"^\[(?<name>[^\]]+)\]\s*(?:[#;][^\]]*)?$")]
    private static partial Regex SectionHeader();

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex PlainKeyName();

    public static CredentialsFileDocument Empty(string path) => new(path, hasBom: false, []);

    /// <param name="path">Only for messages.</param>
    public static CredentialsFileDocument Parse(byte[] bytes, string path)
    {
        var hasBom = bytes.AsSpan().StartsWith(Utf8Bom);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes, hasBom ? Utf8Bom.Length : 0, bytes.Length - (hasBom ? Utf8Bom.Length : 0));
        }
        catch (DecoderFallbackException)
        {
            // Re-encoding would not give the same bytes back, and botocore cannot read it either.
            throw new CredentialsFileException($"{path}: not valid UTF-8 text; fix the file by hand");
        }

        var lines = new List<CredentialsFileLine>();
        var state = new ParseState();
        var lineStart = 0;
        while (lineStart < text.Length)
        {
            var newline = text.IndexOf('\n', lineStart);
            int textEnd;
            string ending;
            if (newline < 0)
            {
                textEnd = text.Length;
                ending = "";
            }
            else if (newline > lineStart && text[newline - 1] == '\r')
            {
                textEnd = newline - 1;
                ending = "\r\n";
            }
            else
            {
                textEnd = newline;
                ending = "\n";
            }

            var lineText = text[lineStart..textEnd];
            lines.Add(Classify(lineText, ending, lines.Count + 1, state, path));
            lineStart = newline < 0 ? text.Length : newline + 1;
        }

        return new CredentialsFileDocument(path, hasBom, lines);
    }

    public byte[] ToBytes()
    {
        var builder = new StringBuilder();
        foreach (var line in lines)
        {
            builder.Append(line.Text).Append(line.Ending);
        }

        var body = StrictUtf8.GetBytes(builder.ToString());
        return hasBom ? [.. Utf8Bom, .. body] : body;
    }

    public IReadOnlyList<string> ProfileNames() =>
        lines.Where(l => l.Kind == CredentialsFileLineKind.Section).Select(l => l.SectionName).ToList();

    /// <summary>The profile's keys and values as botocore would see them, or null if there is no such profile.</summary>
    public IReadOnlyDictionary<string, string>? ReadProfile(string profile)
    {
        var section = FindSection(profile);
        if (section is null)
        {
            return null;
        }

        // configparser joins continuation lines (and blank lines between them) with "\n" and trims the end.
        var parts = new Dictionary<string, List<string>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<string>();
        List<string>? current = null;
        for (var i = section.Value.Start + 1; i < section.Value.End; i++)
        {
            var line = lines[i];
            switch (line.Kind)
            {
                case CredentialsFileLineKind.Key:
                    current = [line.Value];
                    parts[line.Key] = current;
                    order.Add(line.Key);
                    break;
                case CredentialsFileLineKind.Continuation:
                    current?.Add(line.Text.Trim());
                    break;
                case CredentialsFileLineKind.Blank:
                    current?.Add("");
                    break;
            }
        }

        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var key in order)
        {
            values[key] = string.Join('\n', parts[key]).TrimEnd();
        }

        return values;
    }

    /// <summary>Deletes [profile]: its header and every line up to the next section (its keys, comments, blank lines).</summary>
    public bool RemoveProfile(string profile)
    {
        if (FindSection(profile) is not { } section) return false;
        lines.RemoveRange(section.Start, section.End - section.Start);
        return true;
    }

    /// <summary>
    /// Deletes these keys from [profile], each with its continuation lines (and the blank lines inside its value, so no
    /// indented line is left to join the key above); the section's header too when no key is left in it.
    /// </summary>
    /// <returns>Whether anything was deleted.</returns>
    public bool RemoveKeys(string profile, IReadOnlyCollection<string> keys)
    {
        if (FindSection(profile) is not { } section) return false;
        var doomed = new List<int>();
        for (var i = section.Start + 1; i < section.End; i++)
        {
            if (lines[i].Kind != CredentialsFileLineKind.Key || !keys.Contains(lines[i].Key, StringComparer.OrdinalIgnoreCase)) continue;
            doomed.Add(i);
            // The value's other lines: continuations, and blank lines followed by one.
            var j = i + 1;
            while (j < section.End)
            {
                var next = j;
                while (next < section.End && lines[next].Kind == CredentialsFileLineKind.Blank) next++;
                if (next >= section.End || lines[next].Kind != CredentialsFileLineKind.Continuation) break;
                for (var k = j; k <= next; k++) doomed.Add(k);
                j = next + 1;
            }
            i = j - 1;
        }
        if (doomed.Count == 0) return false;
        for (var d = doomed.Count - 1; d >= 0; d--) lines.RemoveAt(doomed[d]);
        var left = FindSection(profile)!.Value;
        if (!lines.Skip(left.Start + 1).Take(left.End - left.Start - 1).Any(l => l.Kind == CredentialsFileLineKind.Key))
        {
            // The header and its blank lines go; comments stay, since a comment above the next header is about that one.
            for (var i = left.End - 1; i >= left.Start; i--)
            {
                if (lines[i].Kind is CredentialsFileLineKind.Section or CredentialsFileLineKind.Blank) lines.RemoveAt(i);
            }
        }
        return true;
    }

    /// <summary>
    /// Sets the keys in [profile]: a key already there has its value replaced on its own line (keeping the line's
    /// "key = " as it was, dropping its continuation lines); other keys go after the section's last key; a missing
    /// section goes at the end after one blank line. Nothing else changes, including whether the file ends with a
    /// line break.
    /// </summary>
    public void SetProfile(string profile, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        var ending = DominantLineEnding();
        var endedWithoutLineBreak = lines.Count > 0 && lines[^1].Ending.Length == 0;
        var section = FindSection(profile);
        if (section is null)
        {
            RefuseLookalikeSection(profile);
            AppendSection(profile, values, ending);
        }
        else
        {
            UpdateSection(section.Value, values, ending);
        }

        // Every line but the last needs a line break, or the next line would be glued onto it (OneLogin's tool bug #7);
        // the last one gets one only if the file had it.
        for (var i = 0; i < lines.Count - 1; i++)
        {
            if (lines[i].Ending.Length == 0)
            {
                lines[i] = lines[i] with { Ending = ending };
            }
        }

        if (endedWithoutLineBreak && lines.Count > 0)
        {
            lines[^1] = lines[^1] with { Ending = "" };
        }
    }

    private void UpdateSection((int Start, int End) section, IReadOnlyList<KeyValuePair<string, string>> values, string ending)
    {
        var pending = values.ToDictionary(v => v.Key, v => v.Value, StringComparer.OrdinalIgnoreCase);
        var header = lines[section.Start];
        var rebuilt = new List<CredentialsFileLine>();
        var insertAt = 0; // just after the header, if the section has no key
        var newKeyIndent = header.Text[..IndentOf(header.Text)];
        CredentialsFileLine? styleSource = null;
        var droppingContinuation = false;

        for (var i = section.Start + 1; i < section.End; i++)
        {
            var line = lines[i];
            if (line.Kind == CredentialsFileLineKind.Continuation && droppingContinuation)
            {
                continue;
            }

            if (line.Kind == CredentialsFileLineKind.Key)
            {
                styleSource ??= line;
                droppingContinuation = false;
                // A new key takes the indentation of the key above it, so configparser reads the lines after it
                // (an indented next header, say) exactly as before.
                newKeyIndent = line.Text[..line.Indent];
                if (pending.Remove(line.Key, out var value))
                {
                    line = line with { Text = ReplacedKeyText(line, value) };
                    droppingContinuation = true;
                }
            }

            rebuilt.Add(line);
            if (line.Kind is CredentialsFileLineKind.Key or CredentialsFileLineKind.Continuation)
            {
                insertAt = rebuilt.Count;
            }
        }

        var separator = SeparatorStyle(styleSource);
        var added = values
            .Where(v => pending.ContainsKey(v.Key))
            .Select(v => KeyLine(newKeyIndent + v.Key, separator, v.Value, ending));
        rebuilt.InsertRange(insertAt, added);

        lines.RemoveRange(section.Start + 1, section.End - section.Start - 1);
        lines.InsertRange(section.Start + 1, rebuilt);
    }

    private void AppendSection(string profile, IReadOnlyList<KeyValuePair<string, string>> values, string ending)
    {
        if (lines.Count > 0 && lines[^1].Kind != CredentialsFileLineKind.Blank)
        {
            lines.Add(new CredentialsFileLine("", ending, CredentialsFileLineKind.Blank));
        }

        lines.Add(new CredentialsFileLine($"[{profile}]", ending, CredentialsFileLineKind.Section) { SectionName = profile });
        var separator = SeparatorStyle(lines.FirstOrDefault(l => l.Kind == CredentialsFileLineKind.Key));
        foreach (var (key, value) in values)
        {
            lines.Add(KeyLine(key, separator, value, ending));
        }
    }

    /// <summary>"[ prod ]" is a different profile from "prod" to botocore; writing a new [prod] beside it would
    /// leave two sections a person reads as one.</summary>
    private void RefuseLookalikeSection(string profile)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Kind == CredentialsFileLineKind.Section && lines[i].SectionName.Trim() == profile)
            {
                throw new CredentialsFileException(
                    $"{path} line {i + 1}: profile header [{lines[i].SectionName}] has spaces inside the brackets, so AWS tools read it as a different profile than [{profile}]; fix the file by hand");
            }
        }
    }

    private static string ReplacedKeyText(CredentialsFileLine line, string value)
    {
        var prefix = line.Text[..line.ValueStart];
        if (line.ValueStart == line.Text.Length && prefix.Length > 0 && !char.IsWhiteSpace(prefix[^1]))
        {
            // "key =" with no value: keep the spacing symmetrical rather than gluing the value to the "=".
            var spaceBefore = line.DelimiterIndex > 0 && char.IsWhiteSpace(line.Text[line.DelimiterIndex - 1]);
            prefix += spaceBefore ? " " : "";
        }

        return prefix + value;
    }

    /// <summary>The text between key and value in an existing key line ("=", " = ", ": "), so added keys look like their neighbours.</summary>
    private static string SeparatorStyle(CredentialsFileLine? example)
    {
        if (example is null || example.ValueStart == example.Text.Length)
        {
            return " = ";
        }

        return example.Text[(example.Indent + example.Key.Length)..example.ValueStart];
    }

    private static CredentialsFileLine KeyLine(string keyWithIndent, string separator, string value, string ending)
    {
        var indent = IndentOf(keyWithIndent);
        var key = keyWithIndent[indent..];
        var text = keyWithIndent + separator + value;
        return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Key)
        {
            Key = key,
            Indent = indent,
            DelimiterIndex = keyWithIndent.Length + separator.IndexOfAny(['=', ':']),
            ValueStart = keyWithIndent.Length + separator.Length,
        };
    }

    /// <summary>The header line index and the index just past the section's last line.</summary>
    private (int Start, int End)? FindSection(string profile)
    {
        var start = lines.FindIndex(l => l.Kind == CredentialsFileLineKind.Section && l.SectionName == profile);
        if (start < 0)
        {
            return null;
        }

        var end = lines.FindIndex(start + 1, l => l.Kind == CredentialsFileLineKind.Section);
        return (start, end < 0 ? lines.Count : end);
    }

    /// <summary>New lines end like most lines of the file do; a file with no line break yet gets the platform's.</summary>
    private string DominantLineEnding()
    {
        var crlf = lines.Count(l => l.Ending == "\r\n");
        var lf = lines.Count(l => l.Ending == "\n");
        if (crlf == 0 && lf == 0)
        {
            return Environment.NewLine;
        }

        return crlf > lf ? "\r\n" : "\n";
    }

    private static int IndentOf(string text)
    {
        var i = 0;
        while (i < text.Length && char.IsWhiteSpace(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>What configparser carries from one line to the next.</summary>
    private sealed class ParseState
    {
        public string? Section;
        public bool HasKey;
        public int IndentLevel;
        public readonly Dictionary<string, int> SectionLines = new(StringComparer.Ordinal);
        public readonly HashSet<string> KeysInSection = new(StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Mirrors RawConfigParser._read, but stops at the first line it would reject or read surprisingly.</summary>
    private static CredentialsFileLine Classify(string text, string ending, int number, ParseState state, string path)
    {
        if (text.Contains('\r'))
        {
            // Python splits lines at a lone CR too; this parser does not, so the two would disagree.
            throw CannotParse(path, number, "a carriage return in the middle of a line");
        }

        var stripped = text.Trim();
        if (stripped.StartsWith('#') || stripped.StartsWith(';'))
        {
            return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Comment);
        }

        if (stripped.Length == 0)
        {
            return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Blank);
        }

        var indent = IndentOf(text);
        if (state.Section is not null && state.HasKey && indent > state.IndentLevel)
        {
            return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Continuation);
        }

        state.IndentLevel = indent;
        if (stripped.StartsWith('['))
        {
            var match = SectionHeader().Match(stripped);
            if (!match.Success)
            {
                throw CannotParse(path, number, "a line starting with \"[\" that is not a [profile] header");
            }

            var name = match.Groups["name"].Value;
            // botocore refuses exact duplicates; names equal but for spaces are refused too, since a person reads them as one.
            var trimmed = name.Trim();
            if (state.SectionLines.TryGetValue(trimmed, out var firstLine))
            {
                throw new CredentialsFileException(
                    $"{path} line {number}: duplicate profile [{trimmed}] (first at line {firstLine}); fix the file by hand (SamlAssume will not guess which one is live)");
            }

            state.SectionLines[trimmed] = number;
            state.Section = name;
            state.HasKey = false;
            state.KeysInSection.Clear();
            return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Section) { SectionName = name };
        }

        if (state.Section is null)
        {
            throw CannotParse(path, number, "a line before the first [profile] header");
        }

        var delimiter = text.IndexOfAny(['=', ':'], indent);
        if (delimiter < 0)
        {
            throw CannotParse(path, number, "a line that is not a [profile] header, a key = value line, or a # comment");
        }

        var key = text[indent..delimiter].Trim();
        if (key.Length == 0)
        {
            throw CannotParse(path, number, "a value with no key before the \"=\"");
        }

        if (!state.KeysInSection.Add(key))
        {
            // A stray pasted token containing "=" parses as a key, so only a plain lower-case name is repeated back.
            var shown = PlainKeyName().IsMatch(key) ? $"key {key}" : "key";
            throw new CredentialsFileException(
                $"{path} line {number}: duplicate {shown} in profile [{state.Section}]; fix the file by hand (SamlAssume will not guess which one is live)");
        }

        state.HasKey = true;
        var valueStart = delimiter + 1;
        while (valueStart < text.Length && char.IsWhiteSpace(text[valueStart]))
        {
            valueStart++;
        }

        return new CredentialsFileLine(text, ending, CredentialsFileLineKind.Key)
        {
            Key = key,
            Indent = indent,
            DelimiterIndex = delimiter,
            ValueStart = valueStart,
        };
    }

    // The line itself is never quoted: it may hold a secret.
    private static CredentialsFileException CannotParse(string path, int number, string what) =>
        new($"{path} line {number}: cannot parse {what}; fix the file by hand");
}
