using System.Text.Json;

namespace SamlAssume.Configuration;

/// <summary>
/// The values of <c>onelogin.aws.json</c> that can be set globally or per profile. Every value is optional; a later
/// layer fills only what an earlier one left unset (<see cref="Or"/>).
/// </summary>
public sealed record AwsLoginValues
{
    public string? AppId { get; init; }
    public string? Subdomain { get; init; }
    public string? Username { get; init; }
    public int? Duration { get; init; }
    public string? AwsRegion { get; init; }
    public string? AwsAccountId { get; init; }
    public string? AwsRoleName { get; init; }
    public string? MfaDevice { get; init; }
    public string? Ip { get; init; }
    /// <summary>The IdP's signing certificate: a PEM file path or inline PEM (issue 5, assertion verification).</summary>
    public string? IdpCertificate { get; init; }
    /// <summary>A pinned SHA-256 fingerprint of the IdP's signing certificate.</summary>
    public string? IdpCertificateSha256 { get; init; }
    /// <summary>When set, the assertion's Issuer must equal it.</summary>
    public string? IdpIssuer { get; init; }
    /// <summary>Where <c>samlassume idp-cert</c> downloads the IdP metadata from, instead of the derived URL.</summary>
    public string? MetadataUrl { get; init; }

    /// <summary>This layer, with gaps filled from <paramref name="fallback"/>.</summary>
    public AwsLoginValues Or(AwsLoginValues fallback) => new()
    {
        AppId = AppId ?? fallback.AppId,
        Subdomain = Subdomain ?? fallback.Subdomain,
        Username = Username ?? fallback.Username,
        Duration = Duration ?? fallback.Duration,
        AwsRegion = AwsRegion ?? fallback.AwsRegion,
        AwsAccountId = AwsAccountId ?? fallback.AwsAccountId,
        AwsRoleName = AwsRoleName ?? fallback.AwsRoleName,
        MfaDevice = MfaDevice ?? fallback.MfaDevice,
        Ip = Ip ?? fallback.Ip,
        IdpCertificate = IdpCertificate ?? fallback.IdpCertificate,
        IdpCertificateSha256 = IdpCertificateSha256 ?? fallback.IdpCertificateSha256,
        IdpIssuer = IdpIssuer ?? fallback.IdpIssuer,
        MetadataUrl = MetadataUrl ?? fallback.MetadataUrl,
    };

    internal static AwsLoginValues Read(JsonElement element, string path) => new()
    {
        AppId = JsonConfigReader.Scalar(element, "app_id", path),
        Subdomain = JsonConfigReader.Scalar(element, "subdomain", path),
        Username = JsonConfigReader.Scalar(element, "username", path),
        Duration = JsonConfigReader.Integer(element, "duration", path),
        AwsRegion = JsonConfigReader.Scalar(element, "aws_region", path),
        AwsAccountId = JsonConfigReader.Scalar(element, "aws_account_id", path),
        AwsRoleName = JsonConfigReader.Scalar(element, "aws_role_name", path),
        MfaDevice = JsonConfigReader.Scalar(element, "mfa_device", path),
        Ip = JsonConfigReader.Scalar(element, "ip", path),
        IdpCertificate = JsonConfigReader.Scalar(element, "idp_certificate", path),
        IdpCertificateSha256 = JsonConfigReader.Scalar(element, "idp_certificate_sha256", path),
        IdpIssuer = JsonConfigReader.Scalar(element, "idp_issuer", path),
        MetadataUrl = JsonConfigReader.Scalar(element, "metadata_url", path),
    };
}

/// <summary>
/// <c>onelogin.aws.json</c> as OneLogin's Python tool writes it: global values, a default <c>profile</c>, and
/// <c>profiles{name: {…}}</c> whose entries override the globals when that profile is selected.
/// </summary>
public sealed record AwsLoginConfig(AwsLoginValues Global, string? DefaultProfile, IReadOnlyDictionary<string, AwsLoginValues> Profiles, string? SourcePath)
{
    public static readonly AwsLoginConfig Empty = new(new AwsLoginValues(), null, new Dictionary<string, AwsLoginValues>(), null);

    public static AwsLoginConfig Load(string? path)
    {
        if (path is null) return Empty;
        var root = JsonConfigReader.ReadObject(path);
        var profiles = new Dictionary<string, AwsLoginValues>(StringComparer.Ordinal);
        if (root.TryGetProperty("profiles", out var section) && section.ValueKind != JsonValueKind.Null)
        {
            if (section.ValueKind != JsonValueKind.Object)
            {
                throw CommandFailure.Usage($"{path}: \"profiles\" must be an object of profile name → settings");
            }
            foreach (var entry in section.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object)
                {
                    throw CommandFailure.Usage($"{path}: profile \"{entry.Name}\" must be an object");
                }
                profiles[entry.Name] = AwsLoginValues.Read(entry.Value, path);
            }
        }
        return new AwsLoginConfig(AwsLoginValues.Read(root, path), JsonConfigReader.Scalar(root, "profile", path), profiles, path);
    }

    /// <summary>The values for a profile: its entry first, then the globals.</summary>
    public AwsLoginValues For(string? profile) =>
        profile is not null && Profiles.TryGetValue(profile, out var entry) ? entry.Or(Global) : Global;
}
