using System.Globalization;
using System.Text.RegularExpressions;

namespace SamlAssume.Aws.Sessions;

/// <summary>
/// The profiles of ~/.aws/credentials and ~/.aws/config read together (credentials-file keys win, as in botocore),
/// and the rules of the IAM-user source: which profile holds the long-lived keys, which role profiles lead to it.
/// A role profile leads to a source profile directly (<c>source_profile = bastion</c>) or through the profile whose
/// <c>credential_process</c> is <c>samlassume session-token --source-profile bastion</c> (awscli_bastion's
/// <c>[bastion-sts]</c>).
/// A profile's long-lived keys come from the credentials file, or — for a profile the files give no credentials of
/// any kind — from an <see cref="ILongLivedKeyStore"/> the caller passes in (aws-vault's model: the keys in the OS
/// keyring, the profile in the files at most by name). That is decided here and nowhere else.
/// </summary>
public sealed partial class SharedProfiles
{
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _credentials;
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _config;
    private readonly ILongLivedKeyStore? _keyStore;
    /// <summary>The store's answers, one question per profile for the life of this object.</summary>
    private readonly Dictionary<string, LongLivedAwsKeys?> _stored = new(StringComparer.Ordinal);

    /// <summary>Keys that say a profile gets its credentials some other way: such a profile never has keys in a store.</summary>
    private static readonly string[] OtherCredentialKeys =
    [
        "aws_access_key_id", "aws_secret_access_key", "aws_session_token", "role_arn", "credential_process", "credential_source",
        "web_identity_token_file", "sso_session", "sso_start_url", "sso_account_id",
    ];

    internal SharedProfiles(SharedConfigFiles files, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> credentials,
        IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> config, ILongLivedKeyStore? keyStore = null)
    {
        Files = files;
        _credentials = credentials;
        _config = config;
        _keyStore = keyStore;
    }

    public SharedConfigFiles Files { get; }

    /// <summary>Where keys outside the files are looked up, if anywhere.</summary>
    public ILongLivedKeyStore? KeyStore => _keyStore;

    public static SharedProfiles Parse(string credentialsText, string configText, ILongLivedKeyStore? keyStore = null) =>
        new(new SharedConfigFiles("credentials", "config"), IniSections.Parse(credentialsText, configFile: false, "credentials"), IniSections.Parse(configText, configFile: true, "config"), keyStore);

    public IEnumerable<string> Names => _config.Keys.Union(_credentials.Keys).Order(StringComparer.Ordinal);

    public bool Contains(string name) => _config.ContainsKey(name) || _credentials.ContainsKey(name);

    /// <summary>A key of a profile, credentials file first.</summary>
    public string? Value(string profile, string key) =>
        _credentials.TryGetValue(profile, out var c) && c.TryGetValue(key, out var v) && v.Length > 0 ? v
        : _config.TryGetValue(profile, out var f) && f.TryGetValue(key, out var w) && w.Length > 0 ? w
        : null;

    /// <summary>The file a key of a profile is read from (the credentials file wins, as in <see cref="Value"/>).</summary>
    private string FileOf(string profile, string key) =>
        _credentials.TryGetValue(profile, out var c) && c.TryGetValue(key, out var v) && v.Length > 0 ? Files.CredentialsFile : Files.ConfigFile;

    /// <summary>Whether the profile holds long-lived keys (access key and secret, no session token), in the files or in the store.</summary>
    public bool HasLongLivedKeys(string profile) => FileHasLongLivedKeys(profile) || StoredKeys(profile) is not null;

    private bool FileHasLongLivedKeys(string profile) =>
        Value(profile, "aws_access_key_id") is not null && Value(profile, "aws_secret_access_key") is not null && Value(profile, "aws_session_token") is null;

    /// <summary>
    /// The keys the store holds for <paramref name="profile"/>: asked only when there is a store and the files give the
    /// profile no credentials of any kind (a profile in neither file may still have keys there, as in aws-vault).
    /// </summary>
    public LongLivedAwsKeys? StoredKeys(string profile)
    {
        if (_keyStore is null || !AsksStore(profile)) return null;
        lock (_stored)
        {
            if (!_stored.TryGetValue(profile, out var keys)) _stored[profile] = keys = _keyStore.Find(profile);
            return keys;
        }
    }

    private bool AsksStore(string profile) => !OtherCredentialKeys.Any(k => Value(profile, k) is not null);

    /// <summary>
    /// The key by which the files give <paramref name="profile"/> credentials other than long-lived keys (role_arn,
    /// credential_process, SSO, a session token…), or null. Keys in a store are never used for such a profile.
    /// </summary>
    public string? OtherCredentialsKey(string profile) =>
        OtherCredentialKeys.Where(k => k is not ("aws_access_key_id" or "aws_secret_access_key")).FirstOrDefault(k => Value(profile, k) is not null);

    /// <summary>
    /// The MFA device of a source profile: its mfa_serial, else that of its <c>samlassume session-token</c> profile,
    /// else that of a role profile leading to it (the AWS CLI's own layout and stslib's put mfa_serial on the role
    /// profile; one device opens the session for all of them), by profile name.
    /// </summary>
    public string? MfaSerialOf(string name) =>
        Value(name, "mfa_serial")
        ?? Names.Where(p => SessionTokenSourceOf(p) == name).Select(p => Value(p, "mfa_serial")).FirstOrDefault(s => s is not null)
        ?? Names.Where(p => LeadsTo(p, name)).Select(p => Value(p, "mfa_serial")).FirstOrDefault(s => s is not null);

    /// <summary>The long-lived keys of <paramref name="name"/>, or a one-line reason why that profile cannot be a source.</summary>
    public SourceProfile Source(string name)
    {
        var serial = MfaSerialOf(name);
        if (StoredKeys(name) is { } stored)
            return new SourceProfile(name, stored.AccessKeyId, stored.SecretAccessKey, serial, Value(name, "region")) { KeysFrom = _keyStore!.Name };
        var storeAsked = _keyStore is not null && AsksStore(name);
        if (!Contains(name))
            throw new AwsProfileException($"profile '{name}' is in neither {Files.CredentialsFile} nor {Files.ConfigFile}{(storeAsked ? $", and {_keyStore!.Name} has no keys for it (store them with `samlassume init --source-profile {name} --keyring`)" : "")}");
        var keyId = Value(name, "aws_access_key_id");
        var secret = Value(name, "aws_secret_access_key");
        if (storeAsked)
            throw new AwsProfileException($"profile '{name}' has no aws_access_key_id and aws_secret_access_key in {Files.CredentialsFile}, and {_keyStore!.Name} has none for it: " +
                                          $"it cannot start an MFA session (store them with `samlassume init --source-profile {name} --keyring`, or without --keyring into the file)");
        if (keyId is null || secret is null)
            throw new AwsProfileException($"profile '{name}' has no aws_access_key_id and aws_secret_access_key in {Files.CredentialsFile}: " +
                                          $"it cannot start an MFA session (write them with `samlassume init --source-profile {name}`)");
        if (Value(name, "aws_session_token") is not null)
            throw new AwsProfileException($"profile '{name}' holds temporary credentials (aws_session_token), not an IAM user's long-lived keys: " +
                                          "STS refuses GetSessionToken with session credentials");
        return new SourceProfile(name, keyId, secret, serial, Value(name, "region")) { KeysFrom = Files.CredentialsFile };
    }

    /// <summary>The source profile named by a profile's <c>credential_process = samlassume session-token --source-profile X</c>, if any.</summary>
    public string? SessionTokenSourceOf(string profile) =>
        Value(profile, "credential_process") is { } process && SessionTokenProcess().Match(process) is { Success: true } m ? m.Groups[1].Value.Trim('"', '\'') : null;

    /// <summary>
    /// The source profile <paramref name="profile"/> leads to: itself when it holds keys, else through its
    /// <c>source_profile</c> (one hop, or two through a session-token profile). Null when it leads to none.
    /// Judged from the files alone: a profile that may keep its keys in the store counts, and the store is asked only
    /// by <see cref="Source"/> when a session has to be started — so choosing the source costs no keyring call.
    /// </summary>
    public string? SourceOf(string profile)
    {
        if (Value(profile, "role_arn") is null && MayHaveLongLivedKeys(profile)) return profile;
        if (SessionTokenSourceOf(profile) is { } viaProcess) return viaProcess;
        if (Value(profile, "role_arn") is null || Value(profile, "source_profile") is not { } next || next == profile) return null;
        if (Value(next, "role_arn") is null && MayHaveLongLivedKeys(next)) return next;
        return SessionTokenSourceOf(next);
    }

    /// <summary>Keys in the files, or none there but a store that may hold them.</summary>
    private bool MayHaveLongLivedKeys(string profile) => FileHasLongLivedKeys(profile) || _keyStore is not null && AsksStore(profile);

    /// <summary>The role profile <paramref name="name"/>, checked to lead to <paramref name="source"/>.</summary>
    public RoleProfile Role(string name, string source)
    {
        if (!Contains(name)) throw new AwsProfileException($"profile '{name}' is not in {Files.ConfigFile}");
        var roleArn = Value(name, "role_arn") ?? throw new AwsProfileException($"profile '{name}' has no role_arn in {Files.ConfigFile}");
        // Refused here, before any request: STS would refuse it, and what it holds must not reach a request or a log.
        if (!IamRoleArn.IsValid(roleArn))
            throw new AwsProfileException($"profile '{name}' of {FileOf(name, "role_arn")}: role_arn '{IamRoleArn.Shown(roleArn)}' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME); fix it there");
        var next = Value(name, "source_profile") ?? throw new AwsProfileException($"profile '{name}' has no source_profile: it does not lead to source profile '{source}'");
        if (!LeadsTo(name, source))
        {
            // Named without asking the store: a profile leading elsewhere is refused the same with or without a keyring.
            var reached = SessionTokenSourceOf(name) ?? SessionTokenSourceOf(next) ?? (Value(next, "role_arn") is null && MayHaveLongLivedKeys(next) ? next : null);
            throw new AwsProfileException(reached is null || reached == source
                ? $"profile '{name}' leads to '{next}', which is neither source profile '{source}' nor a `samlassume session-token --source-profile {source}` profile"
                : $"profile '{name}' leads to source profile '{reached}', not '{source}'");
        }
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

    /// <summary>
    /// Whether the role profile <paramref name="profile"/> leads to <paramref name="source"/>. Like
    /// <see cref="SourceOf"/> it never asks the store, so listing roles costs no keyring call (a cached session needs
    /// none) and cannot fail on a store that is locked or absent.
    /// </summary>
    public bool LeadsTo(string profile, string source)
    {
        if (Value(profile, "role_arn") is null) return false;
        if (SessionTokenSourceOf(profile) is { } viaProcess) return viaProcess == source;
        if (Value(profile, "source_profile") is not { } next || next == profile) return false;
        // Whether the source has keys is Source()'s question, asked when a session has to be started.
        if (next == source) return Value(next, "role_arn") is null;
        return SessionTokenSourceOf(next) == source;
    }

    /// <summary>Every profile with a role_arn that leads to <paramref name="source"/>, by name (for <c>--all</c>).</summary>
    public IReadOnlyList<RoleProfile> RolesLeadingTo(string source) =>
        Names.Where(p => LeadsTo(p, source)).Select(p => Role(p, source)).ToList();

    [GeneratedRegex(@"\bsession-token\b.*?--source-profile(?:\s+|=)(\S+)")]
    private static partial Regex SessionTokenProcess();
}
