using System.Text.Json;
using System.Text.Json.Serialization;
using SamlAssume.Aws;

namespace SamlAssume.Cache;

/// <summary>
/// One profile's credentials as cached in <c>&lt;cache&gt;/credentials/&lt;profile&gt;.json</c>. The field names are a
/// contract (a fast path reads this file without the rest of the tool): never rename them; bump
/// <see cref="Version"/> for an incompatible change.
/// </summary>
public sealed record CachedCredentials
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;
    public required string AccessKeyId { get; init; }
    public required string SecretAccessKey { get; init; }
    public required string SessionToken { get; init; }
    [JsonConverter(typeof(UtcSecondsConverter))]
    public required DateTimeOffset Expiration { get; init; }
    public string? AssumedRoleArn { get; init; }
    public string? Region { get; init; }
    /// <summary>
    /// When STS issued them (its Date header, else our clock): with Expiration it gives the lifetime, which decides how
    /// long a short session is served from the cache (<see cref="CredentialExpiry.RequiredRemaining"/>). Absent in
    /// files written before it existed: then --min-remaining alone decides.
    /// </summary>
    [JsonConverter(typeof(NullableUtcSecondsConverter))]
    public DateTimeOffset? Issued { get; init; }
    /// <summary>
    /// What the settings resolved to when these were issued (source, user, role: <c>Settings/SettingsBinding</c>): the
    /// full path serves them only while the settings still resolve to the same, so a changed role is never served
    /// the old one's credentials. Absent (older files, or written by a command that does not know it): a miss.
    /// </summary>
    public string? Settings { get; init; }

    /// <summary>
    /// <see cref="Settings"/> of credentials a login kept here because the credentials file refused them
    /// (Login/CredentialsKeptInCache): env, exec and credential-process serve them for a profile no configuration names.
    /// </summary>
    public const string KeptByLogin = "kept by login when the credentials file refused them";
    /// <summary>
    /// <see cref="SettingsInputs"/> of the files those settings came from: the credential_process fast path serves a hit
    /// only while they are unchanged (it cannot resolve settings cheaply); otherwise the full path decides.
    /// </summary>
    public string? Inputs { get; init; }

    public static CachedCredentials From(TemporaryCredentials credentials, string? region) => new()
    {
        Issued = credentials.Issued,
        AccessKeyId = credentials.AccessKeyId,
        SecretAccessKey = credentials.SecretAccessKey,
        SessionToken = credentials.SessionToken,
        Expiration = credentials.Expiration,
        AssumedRoleArn = credentials.AssumedRoleArn,
        Region = region,
    };

    public TemporaryCredentials ToTemporary() =>
        new(AccessKeyId, SecretAccessKey, SessionToken, Expiration, AssumedRoleArn ?? "") { Issued = Issued };

    public override string ToString() => $"CachedCredentials {{ AccessKeyId = {AccessKeyId}, Expiration = {UtcSeconds.Format(Expiration)}, AssumedRoleArn = {AssumedRoleArn} }}";
}

/// <summary>
/// What <c>credential_process</c> prints: exactly the fields of the AWS CLI's contract
/// (docs.aws.amazon.com/cli/v1/userguide/cli-configure-sourcing-external.html): Version 1, the three secrets, and an
/// ISO 8601 Expiration, so the SDK refreshes before it passes.
/// </summary>
public sealed record CredentialProcessOutput(
    int Version,
    string AccessKeyId,
    string SecretAccessKey,
    string SessionToken,
    [property: JsonConverter(typeof(UtcSecondsConverter))] DateTimeOffset Expiration)
{
    public static CredentialProcessOutput From(CachedCredentials credentials) =>
        new(1, credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, credentials.Expiration);

    /// <summary>The whole of stdout for <c>credential-process</c>: the JSON and a newline (full path and fast path alike).</summary>
    public static string JsonLine(CachedCredentials credentials) =>
        System.Text.Encoding.UTF8.GetString(CredentialJson.ProcessOutputLine(credentials));

    public override string ToString() => $"CredentialProcessOutput {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>The cache files' expiry fields as JSON strings, in <see cref="UtcSeconds"/>' form.</summary>
public sealed class UtcSecondsConverter : JsonConverter<DateTimeOffset>
{
    public static string Format(DateTimeOffset value) => UtcSeconds.Format(value);

    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        UtcSeconds.Parse(reader.GetString() ?? throw new JsonException("Expiration is null"));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));
}

/// <summary><see cref="UtcSecondsConverter"/> for an optional time (null stays null).</summary>
public sealed class NullableUtcSecondsConverter : JsonConverter<DateTimeOffset?>
{
    public override bool HandleNull => true;

    public override DateTimeOffset? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Null ? null : UtcSeconds.Parse(reader.GetString() ?? throw new JsonException("time is null"));

    public override void Write(Utf8JsonWriter writer, DateTimeOffset? value, JsonSerializerOptions options)
    {
        if (value is { } v) writer.WriteStringValue(UtcSeconds.Format(v));
        else writer.WriteNullValue();
    }
}

/// <summary>Source-generated JSON for the cache files and credential_process output (PascalCase, as written).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(CachedCredentials))]
[JsonSerializable(typeof(CredentialProcessOutput))]
[JsonSerializable(typeof(CachedAssertion))]
public sealed partial class CacheJsonContext : JsonSerializerContext;
