using System.Text;

namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// Makes foreign text (OneLogin's messages, socket errors) fit for a one-line exception message:
/// no control characters or newlines, bounded length, and no secret even if the other side echoed one back.
/// </summary>
internal static class MessageSanitizer
{
    internal const int MaxForeignTextLength = 200;
    private const string Redacted = "<redacted>";

    public static string OneLine(string? text, int maxLength = MaxForeignTextLength)
    {
        if (string.IsNullOrWhiteSpace(text))
            return "";
        var builder = new StringBuilder(Math.Min(text.Length, maxLength + 1));
        var lastWasSpace = false;
        foreach (var c in text)
        {
            var isSpace = char.IsWhiteSpace(c) || char.IsControl(c);
            if (isSpace && lastWasSpace)
                continue;
            builder.Append(isSpace ? ' ' : c);
            lastWasSpace = isSpace;
        }
        var line = builder.ToString().Trim();
        return line.Length <= maxLength ? line : line[..maxLength].TrimEnd() + "…";
    }

    /// <summary>Replaces every occurrence of a secret. Secrets shorter than 4 characters are skipped: they would shred ordinary words.</summary>
    public static string Redact(string text, IEnumerable<string?> secrets)
    {
        foreach (var secret in secrets)
        {
            if (secret is { Length: >= 4 } && text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Redacted, StringComparison.Ordinal);
        }
        return text;
    }
}
