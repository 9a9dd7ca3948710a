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
    public static void Write(string path, string? profile, string fingerprint, string? issuer)
    {
        JsonObject root;
        if (File.Exists(path))
        {
            try
            {
                root = JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip }) as JsonObject
                       ?? throw new InvalidInput($"{path}: expected a JSON object at the top level");
            }
            catch (JsonException)
            {
                throw new InvalidInput($"{path}: not valid JSON; fix it before pinning a certificate");
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
        target["idp_certificate_sha256"] = fingerprint;
        if (issuer is not null) target["idp_issuer"] = issuer;

        var text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        try
        {
            Aws.AtomicFile.Replace(path, System.Text.Encoding.UTF8.GetBytes(text), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"{path}: cannot be written ({e.Message})");
        }
    }
}
