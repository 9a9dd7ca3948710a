using System.Globalization;
using System.Text.RegularExpressions;

namespace SamlAssume.Aws.Sessions;

/// <summary>
/// The profiles of ~/.aws/credentials and ~/.aws/config read together (credentials-file keys win, as in botocore),
/// and the rules of the IAM-user source: which profile holds the long-lived keys, which role profiles lead to it.
/// A role profile leads to a source profile directly (<c>source_profile = bastion</c>) or through the profile whose
/// <c>credential_process</c> is <c>samlassume session-token --source-profile bastion</c> (awscli_bastion's
/// <c>[bastion-sts]</c>).
/// </summary>
public sealed partial class SharedProfiles
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _credentials;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _config;

    internal SharedProfiles(SharedConfigFiles files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> credentials,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> config)
    {
        Files = files;
        _credentials = credentials;
        _config = config;
    }

    public SharedConfigFiles Files { get; }

    public static SharedProfiles Parse(string credentialsText, string configText) =>
        new(new SharedConfigFiles("credentials", "config"), IniSections.Parse(credentialsText, configFile: false), IniSections.Parse(configText, configFile: true));

    public IEnumerable<string> Names => _config.Keys.Union(_credentials.Keys).Order(StringComparer.Ordinal);

    public bool Contains(string name) => _config.ContainsKey(name) || _credentials.ContainsKey(name);

    /// <summary>A key of a profile, credentials file first.</summary>
    public string? Value(string profile, string key) =>
        _credentials.TryGetValue(profile, out var c) && c.TryGetValue(key, out var v) && v.Length > 0 ? v
        : _config.TryGetValue(profile, out var f) && f.TryGetValue(key, out var w) && w.Length > 0 ? w
        : null;

    /// <summary>Whether the profile holds long-lived keys (access key and secret, no session token).</summary>
    public bool HasLongLivedKeys(string profile) =>
        Value(profile, "aws_access_key_id") is not null && Value(profile, "aws_secret_access_key") is not null && Value(profile, "aws_session_token") is null;

    /// <summary>The long-lived keys of <paramref name="name"/>, or a one-line reason why that profile cannot be a source.</summary>
    public SourceProfile Source(string name)
    {
        if (!Contains(name))
            throw new AwsProfileException($"profile '{name}' is in neither {Files.CredentialsFile} nor {Files.ConfigFile}");
        var keyId = Value(name, "aws_access_key_id");
        var secret = Value(name, "aws_secret_access_key");
        if (keyId is null || secret is null)
            throw new AwsProfileException($"profile '{name}' has no aws_access_key_id and aws_secret_access_key in {Files.CredentialsFile}: " +
                                          $"it cannot start an MFA session (write them with `samlassume init --source-profile {name}`)");
        if (Value(name, "aws_session_token") is not null)
            throw new AwsProfileException($"profile '{name}' holds temporary credentials (aws_session_token), not an IAM user's long-lived keys: " +
                                          "STS refuses GetSessionToken with session credentials");
        var serial = Value(name, "mfa_serial") ?? Names.Where(p => SessionTokenSourceOf(p) == name).Select(p => Value(p, "mfa_serial")).FirstOrDefault(s => s is not null);
        return new SourceProfile(name, keyId, secret, serial, Value(name, "region"));
    }

    /// <summary>The source profile named by a profile's <c>credential_process = samlassume session-token --source-profile X</c>, if any.</summary>
    public string? SessionTokenSourceOf(string profile) =>
        Value(profile, "credential_process") is { } process && SessionTokenProcess().Match(process) is { Success: true } m ? m.Groups[1].Value.Trim('"', '\'') : null;

    /// <summary>
    /// The source profile <paramref name="profile"/> leads to: itself when it holds keys, else through its
    /// <c>source_profile</c> (one hop, or two through a session-token profile). Null when it leads to none.
    /// </summary>
    public string? SourceOf(string profile)
    {
        if (HasLongLivedKeys(profile) && Value(profile, "role_arn") is null) return profile;
        if (SessionTokenSourceOf(profile) is { } viaProcess) return viaProcess;
        if (Value(profile, "role_arn") is null || Value(profile, "source_profile") is not { } next || next == profile) return null;
        if (HasLongLivedKeys(next) && Value(next, "role_arn") is null) return next;
        return SessionTokenSourceOf(next);
    }

    /// <summary>The role profile <paramref name="name"/>, checked to lead to <paramref name="source"/>.</summary>
    public RoleProfile Role(string name, string source)
    {
        if (!Contains(name)) throw new AwsProfileException($"profile '{name}' is not in {Files.ConfigFile}");
        var roleArn = Value(name, "role_arn") ?? throw new AwsProfileException($"profile '{name}' has no role_arn in {Files.ConfigFile}");
        var next = Value(name, "source_profile") ?? throw new AwsProfileException($"profile '{name}' has no source_profile: it does not lead to source profile '{source}'");
        var reached = SourceOf(name);
        if (reached != source)
            throw new AwsProfileException(reached is null
                ? $"profile '{name}' leads to '{next}', which is neither source profile '{source}' nor a `samlassume session-token --source-profile {source}` profile"
                : $"profile '{name}' leads to source profile '{reached}', not '{source}'");
        int? duration = null;
        if (Value(name, "duration_seconds") is { } text)
        {
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 900 or > 43200)
                throw new AwsProfileException($"profile '{name}': duration_seconds '{text}' is not a number of seconds between 900 and 43200");
            duration = d;
        }
        return new RoleProfile(name, roleArn, next, Value(name, "mfa_serial"), Value(name, "region"), duration,
            Value(name, "role_session_name"), Value(name, "external_id"));
    }

    /// <summary>Every profile with a role_arn that leads to <paramref name="source"/>, by name (for <c>--all</c>).</summary>
    public IReadOnlyList<RoleProfile> RolesLeadingTo(string source) =>
        Names.Where(p => Value(p, "role_arn") is not null && SourceOf(p) == source).Select(p => Role(p, source)).ToList();

    [GeneratedRegex(@"\bsession-token\b.*?--source-profile(?:\s+|=)(\S+)")]
    private static partial Regex SessionTokenProcess();
}
