using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SamlAssume.Aws;

namespace SamlAssume.Tests.Properties;

/// <summary>
/// Any sequence of profile writes into any well-formed credentials file keeps every line of every other profile
/// (and everything before the first profile) byte for byte and in order, and reads back as what was written last.
/// </summary>
public sealed class CredentialsFileProperties
{
    private static readonly string[] Names = ["default", "dev", "prod", "x-1", "team.a"];
    private static readonly string[] Keys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "region", "x_extra"];

    /// <summary>Values as STS and users write them: base64 and ARN characters, never a line break.</summary>
    private static readonly Gen<string> Value =
        Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+=:._-".ToCharArray())
            .ArrayOf().Where(chars => chars.Length > 0).Select(chars => new string(chars));

    private static readonly Gen<string> Ending = Gen.Elements("\n", "\n", "\r\n");

    /// <summary>Lines outside any edit's reach: comments, blanks, keys in every spacing botocore accepts, continuations.</summary>
    private static Gen<List<string>> SectionBody() =>
        Gen.OneOf(
                from key in Gen.Elements([.. Keys, "Unknown_Key"])
                from separator in Gen.Elements(" = ", "=", ": ", "   =\t", " :")
                from value in Gen.OneOf(Value, Gen.Constant("keeps ; inline # marks"))
                select $"{key}{separator}{value}",
                Gen.Elements("# a comment", "; another = comment", "", "  "))
            .ListOf()
            .Select(DistinctKeys);

    /// <summary>botocore refuses a key twice in one section, and so does the parser: keep each key's first line.</summary>
    private static List<string> DistinctKeys(List<string> lines)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return lines.Where(l => l.IndexOfAny(['=', ':']) is var at && (at < 0 || l.TrimStart().StartsWith('#') || l.TrimStart().StartsWith(';') || seen.Add(l[..at].Trim()))).ToList();
    }

    private sealed record Block(string Text);

    private sealed record Case(byte[] Original, IReadOnlyList<Block> Sections, string Prologue, IReadOnlyList<(string Profile, KeyValuePair<string, string>[] Values)> Writes)
    {
        public override string ToString() =>
            $"file:\n{Encoding.UTF8.GetString(Original).ReplaceLineEndings("⏎\n")}\nwrites: {string.Join("; ", Writes.Select(w => $"[{w.Profile}] {string.Join(", ", w.Values.Select(v => $"{v.Key}={v.Value}"))}"))}";
    }

    private static Gen<Case> Cases() =>
        from prologue in Gen.Elements("", "# written by hand\n", "; top comment\n\n")
        from names in Gen.SubListOf(Names)
        from bodies in SectionBody().ListOf(names.Count)
        from ending in Ending
        from bom in Gen.Elements(false, false, true)
        from lastLineBreak in Gen.Elements(true, true, false)
        from writes in (
            from profile in Gen.Elements(Names)
            from keys in Gen.SubListOf(Keys).Where(k => k.Count > 0)
            from values in Value.ListOf(keys.Count)
            select (profile, keys.Zip(values, KeyValuePair.Create).ToArray())).ListOf().Where(w => w.Count is > 0 and < 6)
        select Build(prologue.Replace("\n", ending), names, bodies, ending, bom, lastLineBreak, writes);

    private static Case Build(string prologue, IList<string> names, IList<List<string>> bodies, string ending, bool bom, bool lastLineBreak,
        IList<(string, KeyValuePair<string, string>[])> writes)
    {
        var sections = names.Select((name, i) => new Block(string.Concat(new[] { $"[{name}]" }.Concat(bodies[i]).Select(l => l + ending)))).ToList();
        var text = prologue + string.Concat(sections.Select(s => s.Text));
        if (!lastLineBreak && text.EndsWith(ending, StringComparison.Ordinal))
            text = text[..^ending.Length];
        var bytes = Encoding.UTF8.GetBytes(text);
        return new Case(bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes, sections, prologue, writes.ToList());
    }

    [Property(MaxTest = 100)]
    public Property Writes_keep_every_other_line_and_read_back_as_written() => Prop.ForAll(Cases().ToArbitrary(), @case =>
    {
        var document = CredentialsFileDocument.Parse(@case.Original, "credentials");
        Assert.Equal(@case.Original, document.ToBytes()); // parsing alone changes nothing

        var expected = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (profile, values) in @case.Writes)
        {
            document.SetProfile(profile, values);
            var entry = expected.TryGetValue(profile, out var e) ? e : expected[profile] = new(StringComparer.Ordinal);
            foreach (var (key, value) in values) entry[key] = value;
        }

        var written = document.ToBytes();
        var reread = CredentialsFileDocument.Parse(written, "credentials");
        foreach (var (profile, values) in expected)
        {
            var read = reread.ReadProfile(profile);
            Assert.NotNull(read);
            foreach (var (key, value) in values)
                Assert.Equal(value, read![key]);
        }

        // Untouched text: the prologue first, then every unedited section verbatim and in order (a last line that had
        // no line break may gain one when a section is appended after it).
        var text = Encoding.UTF8.GetString(written);
        Assert.Equal(@case.Original.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]), written.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]));
        Assert.StartsWith(@case.Prologue.TrimEnd('\r', '\n'), text.TrimStart('\uFEFF'), StringComparison.Ordinal);
        var from = 0;
        foreach (var section in @case.Sections.Where(s => !expected.ContainsKey(s.Text[1..s.Text.IndexOf(']')])))
        {
            var at = text.IndexOf(section.Text.TrimEnd('\r', '\n'), from, StringComparison.Ordinal);
            Assert.True(at >= 0, $"untouched section changed or moved:\n{section.Text}");
            from = at + 1;
        }
    });
}
