using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SamlAssume.Configuration;
using SamlAssume.Cli;

namespace SamlAssume.Tests.Properties;

/// <summary>
/// onelogin.sdk.json and onelogin.aws.json with any JSON value under any key they know (and some they do not): the
/// readers give a result or one clean usage error naming the file, never another exception.
/// </summary>
public sealed class ConfigReaderProperties : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("samlassume-config-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static readonly string[] SdkKeys = ["client_id", "client_secret", "region", "ip", "api_url"];
    private static readonly string[] AwsKeys =
        ["app_id", "subdomain", "username", "profile", "duration", "aws_region", "aws_account_id", "aws_role_name", "ip", "mfa_device",
         "idp_certificate", "idp_certificate_sha256", "idp_issuer", "metadata_url", "unknown"];

    /// <summary>Scalars, and up to <paramref name="depth"/> levels of small arrays and objects (keys the readers know, and one they do not).</summary>
    private static Gen<JsonNode?> JsonValue(int depth) => depth <= 0
        ? Scalars
        : Gen.OneOf(
            Scalars,
            from count in Gen.Choose(0, 3)
            from items in JsonValue(depth - 1).ListOf(count)
            select (JsonNode?)new JsonArray([.. items.Select(i => i?.DeepClone())]),
            from count in Gen.Choose(0, 3)
            from keys in Gen.Elements([.. AwsKeys, "x"]).ListOf(count)
            from values in JsonValue(depth - 1).ListOf(count)
            select (JsonNode?)Object(keys.Zip(values)));

    private static readonly Gen<JsonNode?> Scalars = Gen.OneOf(
        Gen.Constant<JsonNode?>(null),
        ArbMap.Default.GeneratorFor<bool>().Select(b => (JsonNode?)JsonValueOf(b)),
        ArbMap.Default.GeneratorFor<int>().Select(n => (JsonNode?)JsonValueOf(n)),
        ArbMap.Default.GeneratorFor<double>().Where(double.IsFinite).Select(d => (JsonNode?)JsonValueOf(d)),
        Gen.Elements<JsonNode?>(JsonNode.Parse("1e308"), JsonNode.Parse("99999999999999999999"), JsonNode.Parse("-0"), JsonNode.Parse("3600.0")),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null).Select(s => (JsonNode?)JsonValueOf(s)),
        Gen.Elements<JsonNode?>(JsonValueOf(""), JsonValueOf("  "), JsonValueOf("3600"), JsonValueOf("-5"), JsonValueOf("１２")));

    private static JsonNode JsonValueOf<T>(T value) => System.Text.Json.Nodes.JsonValue.Create(value)!;

    private static JsonObject Object(IEnumerable<(string Key, JsonNode? Value)> members)
    {
        var json = new JsonObject();
        foreach (var (key, value) in members) json[key] = value?.DeepClone();
        return json;
    }

    private static Gen<string> File(string[] keys) =>
        from members in (from key in Gen.Elements(keys) from value in JsonValue(2) select (key, value)).ListOf()
        from profiles in Gen.OneOf(Gen.Constant<JsonNode?>(null), JsonValue(1), Gen.Constant<JsonNode?>(new JsonObject { ["p"] = new JsonObject { ["duration"] = "x" } }),
            (from members2 in (from key in Gen.Elements(AwsKeys) from value in JsonValue(1) select (key, value)).ListOf() select (JsonNode?)new JsonObject { ["p"] = Object(members2) }))
        select (keys == AwsKeys && profiles is not null ? Object([.. members, ("profiles", profiles)]) : Object(members)).ToJsonString();

    private void ReadsOrFailsCleanly(string json, Action<string> load)
    {
        var path = Path.Combine(directory, "config.json");
        System.IO.File.WriteAllText(path, json);
        try
        {
            load(path);
        }
        catch (InvalidInput failure)
        {
            // Config readers throw the domain exception; the CLI edge makes it exit 2 with this one line.
            var (code, message) = FailureReporter.Classify(failure);
            Assert.Equal(ExitCodes.Usage, code);
            Assert.StartsWith(path + ": ", message);
            Assert.DoesNotContain('\n', message);
        }
    }

    [Property(MaxTest = 150)]
    public Property The_sdk_file_reads_or_fails_cleanly() => Prop.ForAll(File(SdkKeys).ToArbitrary(), json =>
        ReadsOrFailsCleanly(json, path => OneLoginSdkConfig.Load(path)));

    [Property(MaxTest = 150)]
    public Property The_aws_file_reads_or_fails_cleanly() => Prop.ForAll(File(AwsKeys).ToArbitrary(), json =>
        ReadsOrFailsCleanly(json, path =>
        {
            var config = AwsLoginConfig.Load(path);
            _ = config.For("p");
            _ = config.For(config.DefaultProfile);
        }));
}
