using SamlAssume.Aws;
using SamlAssume.Configuration;
using SamlAssume.Files;
using SamlAssume.IdP.OneLogin;
using SamlAssume.Prompts;

namespace SamlAssume.Settings;

/// <summary>
/// One login's settings, merged once: command line first, then the selected profile's entry of onelogin.aws.json,
/// then its globals (and onelogin.sdk.json for the API client). Every later step reads only this.
/// </summary>
public sealed record LoginSettings
{
    public const int MinDuration = 900;
    public const int MaxDuration = 43200;
    public const int DefaultDuration = 3600;

    /// <summary>Which identity source signs in (LoginPipeline.SourceFor chooses it from this).</summary>
    public SourceKind Source { get; init; } = SourceKind.OneLogin;
    /// <summary>OneLogin's API client; null for the other sources.</summary>
    public OneLoginSettings? Api { get; init; }
    /// <summary>The browser source's part; null for the other sources.</summary>
    public BrowserSettings? Browser { get; init; }
    /// <summary>The IAM-user source's part; null for the other sources.</summary>
    public IamUserSettings? IamUser { get; init; }
    /// <summary>The one role to take, by ARN (an IAM-user role profile's role_arn); null lets the role picker choose.</summary>
    public string? RoleArn { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    public string? AppId { get; init; }
    public string? Subdomain { get; init; }
    public string? Ip { get; init; }
    public string? Otp { get; init; }
    public string? MfaDevice { get; init; }
    public int Duration { get; init; } = DefaultDuration;
    public string? AwsRegion { get; init; }
    public string? AwsAccountId { get; init; }
    public string? AwsRoleName { get; init; }
    /// <summary>Profile to write; null prints shell exports instead.</summary>
    public string? Profile { get; init; }
    public string? CredentialsFile { get; init; }
    public bool SortByRole { get; init; }
    public TimeSpan MfaTimeout { get; init; } = Mfa.MfaOptions.DefaultPushTimeout;
    /// <summary>Timeouts and proxy for OneLogin and STS alike.</summary>
    public Net.HttpTransport Transport { get; init; } = new(Net.HttpTransport.DefaultConnectTimeout, Net.HttpTransport.DefaultRequestTimeout, null);
    public AccountAliases Aliases { get; init; } = AccountAliases.None;
    /// <summary>--cache-saml: reuse the last assertion while it is valid (Cache/AssertionCache).</summary>
    public bool CacheSaml { get; init; }
    /// <summary>Where onelogin.aws.json and onelogin.sdk.json were looked for; null when no OneLogin file was read.</summary>
    public ConfigurationSearchPath? SearchPath { get; init; }
    /// <summary>How to verify the assertion locally; null when no IdP certificate or pin is known.</summary>
    public IdpTrust? Trust { get; init; }
    /// <summary>Where to keep the login's SAMLResponse (--save-assertion), already home-expanded.</summary>
    public string? SaveAssertion { get; init; }
    /// <summary>How the OneLogin password uses the keyring.</summary>
    public Keyring.KeychainOptions Keychain { get; init; } = Keyring.KeychainOptions.Default;
    /// <summary>What the running command accepts, for messages that say how to supply something.</summary>
    public SignInAdvice Advice { get; init; } = SignInAdvice.LoginFlags;
    /// <summary>The onelogin.aws.json that has the profile's entry, where a region asked at the prompt is kept (as OneLogin's tool keeps it); null: nowhere.</summary>
    public string? RegionKeptIn { get; init; }

    public override string ToString() =>
        $"LoginSettings {{ Source = {Source}, Api = {Api}, IamUser = {IamUser}, Username = {Username}, AppId = {AppId}, Subdomain = {Subdomain}, Profile = {Profile} }}";

    /// <summary>
    /// The one settings resolver. For a profile command (credential-process, env, exec, console, serve), a role
    /// profile of ~/.aws/config leading to an IAM user's keys is the IAM-user source's (IamUserProfiles); any other
    /// profile is an entry of onelogin.aws.json.
    /// </summary>
    public static LoginSettings Resolve(LoginArguments args, CommandContext context, ProgressLog log)
    {
        if (args.Advice.TakesSignInFlags || args.Profile is not { } named) return ResolveOneLogin(args, context, log);
        var profiles = IamUserProfiles.Read(context);
        if (IamUserProfiles.Resolve(args, named, profiles, context, log) is { } iamUser) return iamUser;
        var config = ConfigurationFiles.Find(args.ConfigDirectory, context);
        // A profile no configuration names is never signed in with someone's global settings: said before any network call.
        if (!config.Aws.Profiles.ContainsKey(named)) throw new UnnamedProfile(NamedByNothing(named, config, profiles));
        return ResolveOneLogin(args, context, log, config);
    }

    private static void CheckNotLongLived(Aws.CredentialsFile file, string profile)
    {
        IReadOnlyDictionary<string, string>? values;
        try
        {
            values = file.ReadProfile(profile);
        }
        catch (CredentialsFileException)
        {
            return;
        }
        if (WritableProfile.HoldsLongLivedKeys(values)) throw new CredentialsFileException(WritableProfile.Refusal(profile, file.Path));
    }

    /// <summary>Why a profile command's --profile names nothing it could sign in for, with the nearest name.</summary>
    private static string NamedByNothing(string profile, ConfigurationFiles config, Aws.Sessions.SharedProfiles profiles)
    {
        if (profiles.Value(profile, "role_arn") is not null && IamUserProfiles.Unfollowable(profiles, profile) is { } link)
            return $"profile [{profile}] is a role profile of {profiles.Files.ConfigFile} that samlassume cannot follow: {link}; and {ConfigurationSearchPath.AwsFileName} has no entry for it";
        var aws = config.Aws;
        var where = aws.SourcePath is { } path ? $"no entry in {path}" : $"no {ConfigurationSearchPath.AwsFileName} (searched {config.SearchPath.Describe()})";
        var known = aws.Profiles.Keys.Concat(profiles.Names.Where(n => profiles.Value(n, "role_arn") is not null && profiles.SourceOf(n) is not null)).Distinct(StringComparer.Ordinal);
        var near = NearestName.Among(profile, known) is { } name ? $"; did you mean [{name}]?" : "";
        return $"profile [{profile}] is named by no configuration: {where}, and it is no IAM-user role profile of {profiles.Files.ConfigFile}{near}";
    }

    /// <summary>The validated network settings every source shares.</summary>
    public static Net.HttpTransport TransportOf(LoginArguments args, CommandContext context)
    {
        if (args.HttpTimeout is < 1 or > 600)
        {
            throw new InvalidInput($"--http-timeout must be between 1 and 600 seconds, not {args.HttpTimeout}");
        }
        if (args.NetworkDeadline is < Net.NetworkDeadline.MinSeconds or > Net.NetworkDeadline.MaxSeconds)
        {
            throw new InvalidInput($"--network-deadline must be between {Net.NetworkDeadline.MinSeconds} and {Net.NetworkDeadline.MaxSeconds} seconds, not {args.NetworkDeadline}");
        }
        if (args.ConnectTimeout is < 1 or > 600)
        {
            throw new InvalidInput($"--connect-timeout must be between 1 and 600 seconds, not {args.ConnectTimeout}");
        }
        return Net.HttpTransport.For(context.Environment, TimeSpan.FromSeconds(args.ConnectTimeout), TimeSpan.FromSeconds(args.HttpTimeout), TimeSpan.FromSeconds(args.NetworkDeadline), context.NetworkWaits);
    }

    private static LoginSettings ResolveOneLogin(LoginArguments args, CommandContext context, ProgressLog log, ConfigurationFiles? found = null)
    {
        var config = found ?? ConfigurationFiles.Find(args.ConfigDirectory, context);
        var (searchPath, sdk, aws, aliases) = (config.SearchPath, config.Sdk, config.Aws, config.Aliases);
        log.Detail($"configuration: {sdk.SourcePath ?? "no onelogin.sdk.json"}, {aws.SourcePath ?? "no onelogin.aws.json"}, {aliases.Count} account aliases (searched {searchPath.Describe()})");

        // Like the Python tool: -f without -p writes the "default" profile; a "profile" in the config is the default name.
        var profile = args.Profile ?? aws.DefaultProfile ?? (args.File is not null ? "default" : null);
        var values = aws.For(profile);
        foreach (var warning in aws.UnknownKeyWarnings) log.Warning(warning);

        // The browser source signs in on the IdP's page: no OneLogin API credential is needed or read.
        var browser = BrowserSettings.Resolve(args, values);
        var clientId = args.ClientId ?? sdk.ClientId;
        var clientSecret = args.ClientSecret ?? sdk.ClientSecret;
        if (browser is null && (clientId is null || clientSecret is null))
        {
            throw new InvalidInput(
                $"no OneLogin API credentials: put client_id and client_secret in {ConfigurationSearchPath.SdkFileName} (searched {searchPath.Describe()}){args.Advice.ApiClient}");
        }
        if (args.ClientSecret is not null)
        {
            log.Warning("--client_secret on the command line is visible to other users in the process list; prefer onelogin.sdk.json");
        }
        if (browser is null) clientSecret = Keyring.ClientSecretInKeyring.Resolve(clientSecret!, clientId!, sdk.SourcePath, context, log);

        var duration = args.Duration ?? values.Duration ?? DefaultDuration;
        if (duration is < MinDuration or > MaxDuration)
        {
            throw new InvalidInput($"-z/--duration must be between {MinDuration} and {MaxDuration} seconds, not {duration}");
        }
        var transport = TransportOf(args, context);
        if (args.MfaTimeout is < 1 or > 3600)
        {
            throw new InvalidInput($"--mfa-timeout must be between 1 and 3600 seconds, not {args.MfaTimeout}");
        }
        if (args.SamlApiVersion is not (1 or 2))
        {
            throw new InvalidInput($"--saml-api-version must be 1 or 2, not {args.SamlApiVersion}");
        }

        var password = args.Password;
        if (password is not null)
        {
            log.Warning("--onelogin-password on the command line is visible to other users in the process list; prefer the prompt or ONELOGIN_PASSWORD");
        }
        if (args.PasswordStdin)
        {
            password = PasswordFromStdin.Read(context, givenOnCommandLine: password is not null);
        }
        password ??= context.Environment["ONELOGIN_PASSWORD"];

        var awsRegion = args.AwsRegion ?? values.AwsRegion;
        if (awsRegion is not null && !Aws.StsEndpoint.IsRegionName(awsRegion))
        {
            throw new InvalidInput($"--aws-region/aws_region \"{awsRegion}\" is not an AWS region name (like us-east-1)");
        }
        if (awsRegion is not null && Aws.AwsRegions.Problem(awsRegion, "--aws-region/aws_region") is { } typo) throw new InvalidInput(typo);

        if (browser is null) AnnounceForeignApiFromCurrentDirectory(sdk, args, context, log);

        var credentialsFile = profile is null ? null
            : Aws.CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory,
                args.File is null ? null : HomePath.Expand(args.File, context.HomeDirectory));

        // A credentials file we would refuse to write (read-only, a FIFO) is refused before any password is sent.
        if (credentialsFile is not null) new Aws.CredentialsFile(credentialsFile).CheckWritable();
        // Nor is a profile holding an IAM user's keys ever overwritten: login -p refuses it before any password is sent.
        // (A file it cannot read is left to the write itself, which says what is wrong with it.)
        if (credentialsFile is not null && args.Advice.TakesSignInFlags) CheckNotLongLived(new Aws.CredentialsFile(credentialsFile), profile!);

        return new LoginSettings
        {
            Source = browser is null ? SourceKind.OneLogin : SourceKind.Browser,
            Browser = browser,
            Api = browser is null ? new OneLoginSettings(ResolveApiUrl(args.Region, sdk), clientId!, clientSecret!, args.SamlApiVersion) : null,
            Username = args.Username ?? values.Username,
            Password = password,
            AppId = args.AppId ?? values.AppId,
            Subdomain = args.Subdomain ?? values.Subdomain,
            Ip = args.Ip ?? values.Ip ?? sdk.Ip,
            Otp = args.Otp ?? context.Environment["ONELOGIN_OTP"],
            MfaDevice = args.MfaDevice ?? values.MfaDevice,
            Duration = duration,
            AwsRegion = awsRegion,
            AwsAccountId = args.AwsAccountId ?? values.AwsAccountId,
            AwsRoleName = args.AwsRoleName ?? values.AwsRoleName,
            Profile = profile,
            CredentialsFile = credentialsFile,
            SortByRole = args.RoleOrder,
            MfaTimeout = TimeSpan.FromSeconds(args.MfaTimeout),
            Transport = transport,
            Aliases = aliases,
            SearchPath = searchPath,
            Trust = IdpTrust.Resolve(args.IdpCert, values, args.AllowSha1, aws.SourcePath, context, args.IdpMetadata),
            SaveAssertion = args.SaveAssertion is null ? null : Path.GetFullPath(HomePath.Expand(args.SaveAssertion, context.HomeDirectory), context.CurrentDirectory),
            CacheSaml = args.CacheSaml,
            Keychain = args.Keychain,
            Advice = args.Advice,
            RegionKeptIn = profile is not null && aws.Profiles.ContainsKey(profile) ? aws.SourcePath : null,
        };
    }

    /// <summary>
    /// A onelogin.sdk.json picked up from the current directory (not named by -c, not ~/.onelogin) that sends the
    /// sign-in somewhere other than onelogin.com is said out loud before any password leaves: a repository or a shared
    /// directory could carry one. The order stays OneLogin's tool's (current directory first); only the warning is new.
    /// </summary>
    private static void AnnounceForeignApiFromCurrentDirectory(OneLoginSdkConfig sdk, LoginArguments args, CommandContext context, ProgressLog log)
    {
        if (sdk.SourcePath is not { } source || sdk.ApiUrl is not { } configured) return;
        var directory = Path.GetDirectoryName(Path.GetFullPath(source));
        var current = Path.GetFullPath(context.CurrentDirectory);
        if (!string.Equals(directory, current, StringComparison.Ordinal)) return;
        if (args.ConfigDirectory is { } named && string.Equals(Path.GetFullPath(HomePath.Expand(named, context.HomeDirectory), current), current, StringComparison.Ordinal)) return;
        if (string.Equals(directory, Path.GetFullPath(Path.Combine(context.HomeDirectory, ".onelogin")), StringComparison.Ordinal)) return;
        if (!Uri.TryCreate(configured, UriKind.Absolute, out var url)) return;
        var host = url.IdnHost.TrimEnd('.').ToLowerInvariant();
        if (host == "onelogin.com" || host.EndsWith(".onelogin.com", StringComparison.Ordinal)) return;
        log.Warning($"{source} is taken from the current directory and sends your sign-in to {url.Host}, not to onelogin.com; if that is not what you meant, stop now and use -c or ~/.onelogin");
    }

    /// <summary>
    /// us or eu, from -r or onelogin.sdk.json's region (checked even when api_url decides the host: a wrong value is a
    /// mistake either way), the error naming where it came from.
    /// </summary>
    private static string RegionName(string? argsRegion, OneLoginSdkConfig sdk)
    {
        var given = argsRegion ?? sdk.Region;
        if (given is null) return "us";
        var name = given.Trim().ToLowerInvariant();
        if (name is "us" or "eu") return name;
        throw new InvalidInput(argsRegion is not null
            ? $"-r/--region must be us or eu, not \"{given}\""
            : $"{sdk.SourcePath}: region must be us or eu, not \"{given}\"");
    }

    private static Uri ResolveApiUrl(string? argsRegion, OneLoginSdkConfig sdk)
    {
        var region = RegionName(argsRegion, sdk);
        if (sdk.ApiUrl is { } configured)
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            {
                throw new InvalidInput($"{sdk.SourcePath}: api_url \"{configured}\" is not an http(s) URL");
            }
            // Client secret, password and codes travel in these requests: plain http only to this machine.
            if (url.Scheme == "http" && !url.IsLoopback)
            {
                throw new InvalidInput($"{sdk.SourcePath}: api_url must use https (plain http is only allowed to localhost)");
            }
            return url;
        }
        return OneLoginSettings.ApiUrlForRegion(region);
    }
}

/// <summary>The identity sources LoginPipeline.SourceFor can build.</summary>
public enum SourceKind
{
    OneLogin,
    IamUser,
    Browser,
}
