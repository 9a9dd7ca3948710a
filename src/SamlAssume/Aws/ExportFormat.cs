using System.Text;
using System.Text.Json;

namespace SamlAssume.Aws;

/// <summary>
/// The credential variables (<see cref="ShellExports.Variables"/>) written for one consumer: POSIX shells, fish,
/// PowerShell, a .env file, or a JSON object. Every value is quoted the way that consumer reads it literally.
/// </summary>
public static class ExportFormat
{
    public static readonly string[] Names = ["sh", "fish", "powershell", "dotenv", "json"];

    /// <summary>Other names people type for a format: bash and zsh read the POSIX <c>export</c> lines.</summary>
    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal) { ["bash"] = "sh", ["zsh"] = "sh" };

    /// <summary>The format's own name (<c>bash</c> → <c>sh</c>), or null when there is no such format.</summary>
    public static string? Canonical(string name) =>
        Names.Contains(name) ? name : Synonyms.GetValueOrDefault(name);

    /// <param name="extra">Variables after the credentials' (env's SAMLASSUME_PROFILE marker).</param>
    public static string Format(string format, TemporaryCredentials credentials, string? region, IEnumerable<KeyValuePair<string, string>>? extra = null)
    {
        var variables = ShellExports.Variables(credentials, region).Concat(extra ?? []).ToList();
        switch (Canonical(format))
        {
            case "sh":
                return Lines(variables, (n, v) => $"export {n}={ShellExports.Quote(v)}");
            case "fish":
                // fish: inside single quotes only \' and \\ are escapes.
                return Lines(variables, (n, v) => $"set -gx {n} '{v.Replace("\\", "\\\\").Replace("'", "\\'")}';");
            case "powershell":
                // PowerShell: a single-quoted string is literal; '' is a quote.
                return Lines(variables, (n, v) => $"$Env:{n} = '{v.Replace("'", "''")}'");
            case "dotenv":
                // docker --env-file and most .env readers take the rest of the line verbatim: no quotes.
                return Lines(variables, (n, v) => $"{n}={v}");
            case "json":
                using (var buffer = new MemoryStream())
                {
                    using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
                    {
                        json.WriteStartObject();
                        foreach (var (name, value) in variables) json.WriteString(name, value);
                        json.WriteEndObject();
                    }
                    return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
                }
            default:
                throw new InvalidInput($"--format must be one of {string.Join(", ", Names)}, not \"{format}\"");
        }
    }

    private static string Lines(IEnumerable<KeyValuePair<string, string>> variables, Func<string, string, string> line)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in variables) text.Append(line(name, value)).Append('\n');
        return text.ToString();
    }
}
