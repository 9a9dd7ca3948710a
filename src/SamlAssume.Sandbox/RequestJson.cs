using System.Text.Json;

namespace SamlAssume.Sandbox;

/// <summary>
/// Lenient field access on a JSON request body: OneLogin takes ids as strings or numbers ("424242" or 424242),
/// so every scalar reads back as its text.
/// </summary>
internal sealed class RequestJson
{
    private readonly Dictionary<string, JsonElement> _fields;

    private RequestJson(Dictionary<string, JsonElement> fields) => _fields = fields;

    public static async Task<RequestJson?> ReadAsync(Microsoft.AspNetCore.Http.HttpRequest request, CancellationToken ct)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(request.Body, cancellationToken: ct);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) return null;
            return new RequestJson(doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public string? Text(string name) => _fields.TryGetValue(name, out var value)
        ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        }
        : null;

    public bool Flag(string name) => Text(name) is { } text && (text == "true" || text == "1");
}
