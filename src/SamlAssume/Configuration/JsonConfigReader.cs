using System.Text.Json;

namespace SamlAssume.Configuration;

/// <summary>
/// Reads the Python tool's JSON files leniently: numbers and strings are interchangeable (<c>"app_id": 123</c> and
/// <c>"app_id": "123"</c> both occur in the wild), an empty string means "not set", and unknown keys are ignored.
/// Anything that is not JSON, or of the wrong shape, is one line naming the file.
/// </summary>
internal static class JsonConfigReader
{
    private static readonly JsonDocumentOptions Options = new()
    {
        AllowTrailingCommas = true,
        CommentHandling = JsonCommentHandling.Skip,
        MaxDepth = 16,
    };

    public static JsonElement ReadObject(string path)
    {
        string text;
        try
        {
            text = Files.BoundedFile.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"{path}: cannot be read ({e.Message})");
        }
        try
        {
            using var document = JsonDocument.Parse(text, Options);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInput($"{path}: expected a JSON object at the top level");
            }
            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is long line ? $" at line {line + 1}" : "";
            throw new InvalidInput($"{path}: not valid JSON{where}");
        }
    }

    /// <summary>A scalar as text; null when absent, null or empty. Objects and arrays are a shape error.</summary>
    public static string? Scalar(JsonElement parent, string key, string path)
    {
        if (!parent.TryGetProperty(key, out var value)) return null;
        var text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            JsonValueKind.Null => null,
            _ => throw new InvalidInput($"{path}: \"{key}\" must be a string or a number"),
        };
        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    public static int? Integer(JsonElement parent, string key, string path)
    {
        var text = Scalar(parent, key, path);
        if (text is null) return null;
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var number)
            ? number
            // The value is quoted back on one line, whatever line breaks it holds.
            : throw new InvalidInput($"{path}: \"{key}\" must be a whole number, not \"{text.ReplaceLineEndings(" ")}\"");
    }
}
