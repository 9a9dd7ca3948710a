using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamlAssume.Sandbox;

/// <summary>Source-generated (de)serialisation of the tenant file: snake_case keys, comments and trailing commas allowed.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SandboxTenant))]
internal sealed partial class TenantJsonContext : JsonSerializerContext;

/// <summary>Reads a tenant from a file, a JSON string, or the embedded default.</summary>
public static class TenantJson
{
    public static SandboxTenant Parse(string json) =>
        JsonSerializer.Deserialize(json, TenantJsonContext.Default.SandboxTenant)
        ?? throw new InvalidDataException("The tenant JSON is null.");

    public static string Serialize(SandboxTenant tenant) => JsonSerializer.Serialize(tenant, TenantJsonContext.Default.SandboxTenant);

    public static SandboxTenant LoadDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("SamlAssume.Sandbox.default-tenant.json")
            ?? throw new InvalidOperationException("default-tenant.json is not embedded.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }

    internal static SandboxTenant Load(SandboxOptions options) =>
        options.TenantJson is not null ? Parse(options.TenantJson)
        : options.TenantFile is not null ? Parse(File.ReadAllText(options.TenantFile))
        : LoadDefault();
}
