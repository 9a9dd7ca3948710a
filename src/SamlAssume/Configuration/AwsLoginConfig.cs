using System.Text.Json;

namespace SamlAssume.Configuration;

/// <summary>
/// The values of <c>onelogin.aws.json</c> that can be set globally or per profile. Every value is optional; a later
/// layer fills only what an earlier one left unset (<see cref="Or"/>). Merging and reading go over <see cref="Keys"/>,
/// so a new key is one entry there and one property, not three hand-written lists.
/// </summary>
public sealed class AwsLoginValues
{
    private const string DurationKey = "duration";

    /// <summary>Every key a layer may set, in the order the properties below read them.</summary>
    internal static readonly string[] Keys =
    [
        "app_id", "subdomain", "username", DurationKey, "aws_region", "aws_account_id", "aws_role_name", "mfa_device", "ip",
        "idp_certificate", "idp_certificate_sha256", "idp_issuer", "metadata_url",
        "browser", "idp_url", "headless", "browser_path",
    ];

    // Text, or an int for "duration"; a key not set is absent.
    private readonly IReadOnlyDictionary<string, object> values;

    public AwsLoginValues() : this(new Dictionary<string, object>(StringComparer.Ordinal)) { }

    private AwsLoginValues(IReadOnlyDictionary<string, object> values) => this.values = values;

    public string? AppId => Text("app_id");
    public string? Subdomain => Text("subdomain");
    public string? Username => Text("username");
    public int? Duration => values.TryGetValue(DurationKey, out var seconds) ? (int)seconds : null;
    public string? AwsRegion => Text("aws_region");
    public string? AwsAccountId => Text("aws_account_id");
    public string? AwsRoleName => Text("aws_role_name");
    public string? MfaDevice => Text("mfa_device");
    public string? Ip => Text("ip");
    /// <summary>The IdP's signing certificate: a PEM file path or inline PEM (issue 5, assertion verification).</summary>
    public string? IdpCertificate => Text("idp_certificate");
    /// <summary>A pinned SHA-256 fingerprint of the IdP's signing certificate.</summary>
    public string? IdpCertificateSha256 => Text("idp_certificate_sha256");
    /// <summary>When set, the assertion's Issuer must equal it.</summary>
    public string? IdpIssuer => Text("idp_issuer");
    /// <summary>Where <c>samlassume idp-cert</c> downloads the IdP metadata from, instead of the derived URL.</summary>
    public string? MetadataUrl => Text("metadata_url");

    /// <summary>"true": this profile signs in through the browser (the browser source).</summary>
    public string? Browser => Text("browser");
    /// <summary>The IdP's sign-in URL for the browser source (chooses it too).</summary>
    public string? IdpUrl => Text("idp_url");
    /// <summary>"true": the browser source never opens a window.</summary>
    public string? Headless => Text("headless");
    /// <summary>The browser's executable for the browser source.</summary>
    public string? BrowserPath => Text("browser_path");

    private string? Text(string key) => values.TryGetValue(key, out var value) ? (string)value : null;

    /// <summary>This layer, with gaps filled from <paramref name="fallback"/>.</summary>
    public AwsLoginValues Or(AwsLoginValues fallback)
    {
        var merged = new Dictionary<string, object>(fallback.values, StringComparer.Ordinal);
        foreach (var (key, value) in values) merged[key] = value;
        return new AwsLoginValues(merged);
    }

    internal static AwsLoginValues Read(JsonElement element, string path)
    {
        var read = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var key in Keys)
        {
            object? value = key == DurationKey ? JsonConfigReader.Integer(element, key, path) : JsonConfigReader.Scalar(element, key, path);
            if (value is not null) read[key] = value;
        }
        return new AwsLoginValues(read);
    }
}

/// <summary>
/// <c>onelogin.aws.json</c> as OneLogin's Python tool writes it: global values, a default <c>profile</c>, and
/// <c>profiles{name: {…}}</c> whose entries override the globals when that profile is selected.
/// </summary>
public sealed record AwsLoginConfig(AwsLoginValues Global, string? DefaultProfile, IReadOnlyDictionary<string, AwsLoginValues> Profiles, string? SourcePath)
{
    public static readonly AwsLoginConfig Empty = new(new AwsLoginValues(), null, new Dictionary<string, AwsLoginValues>(), null);

    /// <summary>The keys only the top level may hold, besides the values every layer may set.</summary>
    private static readonly string[] TopLevelKeys = ["profile", "profiles"];

    /// <summary>
    /// Keys this file sets that nothing reads (a typo is otherwise silently ignored, as the Python tool ignores it),
    /// each as one warning line, with the near-miss it probably meant.
    /// </summary>
    public IReadOnlyList<string> UnknownKeyWarnings { get; init; } = [];

    public static AwsLoginConfig Load(string? path)
    {
        if (path is null) return Empty;
        var root = JsonConfigReader.ReadObject(path);
        var profiles = new Dictionary<string, AwsLoginValues>(StringComparer.Ordinal);
        var warnings = new List<string>();
        Unknown(root, [.. AwsLoginValues.Keys, .. TopLevelKeys], null);
        if (root.TryGetProperty("profiles", out var section) && section.ValueKind != JsonValueKind.Null)
        {
            if (section.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidInput($"{path}: \"profiles\" must be an object of profile name → settings");
            }
            foreach (var entry in section.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    throw new InvalidInput($"{path}: profile \"{entry.Name}\" must be an object");
                }
                profiles[entry.Name] = AwsLoginValues.Read(entry.Value, path);
                Unknown(entry.Value, AwsLoginValues.Keys, entry.Name);
            }
        }
        return new AwsLoginConfig(AwsLoginValues.Read(root, path), JsonConfigReader.Scalar(root, "profile", path), profiles, path) { UnknownKeyWarnings = warnings };

        void Unknown(JsonElement layer, string[] known, string? profile)
        {
            foreach (var property in layer.EnumerateObject())
            {
                if (known.Contains(property.Name, StringComparer.Ordinal)) continue;
                var where = profile is null ? path : $"{path} (profile \"{profile.ReplaceLineEndings(" ")}\")";
                var guess = NearestName.Among(property.Name, known) is { } near ? $"; did you mean \"{near}\"?" : $" (known keys: {string.Join(", ", known)})";
                warnings.Add($"{where}: \"{property.Name.ReplaceLineEndings(" ")}\" is not a setting and is ignored{guess}");
            }
        }
    }

    /// <summary>The values for a profile: its entry first, then the globals.</summary>
    public AwsLoginValues For(string? profile) =>
        profile is not null && Profiles.TryGetValue(profile, out var entry) ? entry.Or(Global) : Global;
}
