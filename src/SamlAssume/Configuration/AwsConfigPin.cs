using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamlAssume.Configuration;

/// <summary>
/// Writes <c>idp_certificate_sha256</c> (and <c>idp_issuer</c>) into onelogin.aws.json, globally or under
/// <c>profiles.NAME</c>. The file goes through a JsonNode round-trip: every other key and value is kept, but comments
/// and the original indentation are not (the file is rewritten indented with two spaces).
/// </summary>
public static class AwsConfigPin
{
    public static void Write(string path, string? profile, string fingerprint, string? issuer) =>
        WriteValues(path, profile, issuer is null ? [new("idp_certificate_sha256", fingerprint)] : [new("idp_certificate_sha256", fingerprint), new("idp_issuer", issuer)]);

    /// <summary>Sets these keys, globally or in the profile's entry, keeping every other key.</summary>
    public static void WriteValues(string path, string? profile, IReadOnlyList<KeyValuePair<string, string>> values)
    {
        JsonObject root;
        if (File.Exists(path))
        {
            try
            {
                root = JsonNode.Parse(Files.BoundedFile.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                       ?? throw new InvalidInput($"{path}: expected a JSON object at the top level");
            }
            catch (JsonException)
            {
                throw new InvalidInput($"{path}: not valid JSON; fix it before SamlAssume writes {string.Join(", ", values.Select(v => v.Key))} into it");
            }
        }
        else
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            root = new JsonObject();
        }

        var target = root;
        if (profile is not null)
        {
            if (root["profiles"] is not JsonObject profiles)
            {
                if (root["profiles"] is not null) throw new InvalidInput($"{path}: \"profiles\" must be an object");
                root["profiles"] = profiles = new JsonObject();
            }
            if (profiles[profile] is not JsonObject entry)
            {
                if (profiles[profile] is not null) throw new InvalidInput($"{path}: profile \"{profile}\" must be an object");
                profiles[profile] = entry = new JsonObject();
            }
            target = entry;
        }
        foreach (var (key, value) in values) target[key] = value;

        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        try
        {
            Aws.AtomicFile.Replace(path, System.Text.Encoding.UTF8.GetBytes(text), UnixFileMode.UserRead | UnixFileMode.UserWrite, keepExistingMode: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"{path}: cannot be written ({e.Message})");
        }
    }
}
