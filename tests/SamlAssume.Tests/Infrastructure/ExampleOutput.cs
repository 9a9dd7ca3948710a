using System.Text;
using System.Text.RegularExpressions;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// Compares what a README example printed with what the README shows. Values that differ on every run — times,
/// ports, key ids, certificate fingerprints, the reader's home — are put in one form on both sides; <c>…</c> in a
/// line stands for any text, and a line that is only <c>…</c> for any number of lines. Everything else must match.
/// </summary>
public static class ExampleOutput
{
    /// <summary>The home directory the README's outputs show.</summary>
    public const string ReadmeHome = "/home/jane";

    private static readonly (Regex Pattern, string Replacement)[] Variable =
    [
        // A fingerprint, in full or as the README abbreviates it (19:29:04:…:1F:74): the sandbox's key is its own.
        // A fingerprint, in full or as the README abbreviates it (19:29:04:…:1F:74): the sandbox makes its own key.
        (new(@"\b([0-9A-F]{2}:){31}[0-9A-F]{2}\b"), "<sha256>"),
        (new(@"\b([0-9A-F]{2}:){3}…:[0-9A-F]{2}:[0-9A-F]{2}\b"), "<sha256>"),
        (new(@"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\dZ"), "<time>"),
        (new(@"\b\d\d:\d\d:\d\d\b"), "<clock>"),
        (new(@"(?<=127\.0\.0\.1:)\d+"), "<port>"),
        (new(@"\b(ASIA|AROA)[A-Z0-9]{12,}"), "$1<id>"),
    ];

    /// <summary>One form for run-dependent values; <paramref name="home"/> (the test's) reads as the README's.</summary>
    public static string Normalize(string text, string? home = null)
    {
        if (home is not null) text = text.Replace(home, ReadmeHome, StringComparison.Ordinal);
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        foreach (var (pattern, replacement) in Variable) text = pattern.Replace(text, replacement);
        return string.Join('\n', text.Split('\n').Select(l => l.TrimEnd()));
    }

    /// <summary>Whether <paramref name="actual"/> (already normalized) is what <paramref name="expected"/> shows.</summary>
    public static bool Matches(IReadOnlyList<string> expected, string actual)
    {
        var pattern = new StringBuilder(@"\A");
        foreach (var line in expected.Select(l => Normalize(l)))
        {
            if (line.Trim() == "…") { pattern.Append(@"(?:[^\n]*\n)*?"); continue; }
            pattern.Append(string.Join("[^\n]*", line.Split('…').Select(Regex.Escape))).Append(@"\n");
        }
        pattern.Append(@"\z");
        var text = actual.TrimEnd('\n') + "\n";
        if (text == "\n") text = "";
        return Regex.IsMatch(text, pattern.ToString(), RegexOptions.None, TimeSpan.FromSeconds(5));
    }
}
