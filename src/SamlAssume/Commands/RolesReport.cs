using System.Text.Json.Serialization;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume roles --json</c>: the assertion's issuer and its roles, each with the fields
/// <c>assertion inspect --json</c> uses, so one jq filter reads both.
/// </summary>
public sealed record RolesReport(string? Issuer, IReadOnlyList<AssertionRoleReport> Roles);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RolesReport))]
internal sealed partial class RolesJsonContext : JsonSerializerContext;
