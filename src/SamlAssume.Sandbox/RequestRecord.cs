namespace SamlAssume.Sandbox;

/// <summary>The journal fields a handler gathers while it answers one request; written out when the answer is done.</summary>
internal sealed class RequestRecord
{
    private const string ItemKey = "SamlAssume.Sandbox.RequestRecord";

    public Dictionary<string, string> Fields { get; } = new(StringComparer.Ordinal);

    public static RequestRecord Of(Microsoft.AspNetCore.Http.HttpContext context)
    {
        if (context.Items.TryGetValue(ItemKey, out var existing) && existing is RequestRecord record) return record;
        record = new RequestRecord();
        context.Items[ItemKey] = record;
        return record;
    }

    public void Set(string name, string? value)
    {
        if (value is not null) Fields[name] = value;
    }
}
