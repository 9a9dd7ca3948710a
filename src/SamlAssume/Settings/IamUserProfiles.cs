using SamlAssume.Aws.Sessions;
using SamlAssume.Keyring;

namespace SamlAssume.Settings;

/// <summary>
/// The IAM-user source's settings, from the command line and the AWS shared files (read once per command): a role
/// profile of ~/.aws/config whose source_profile leads to long-lived keys (directly, or through a
/// <c>samlassume session-token</c> profile) for the profile commands, or the source profile that assume-role and
/// session-token name.
/// </summary>
public static class IamUserProfiles
{
    /// <summary>The shared files as the AWS CLI finds them from the command's environment.</summary>
    public static SharedConfigFiles Files(CommandContext context) =>
        SharedConfigFiles.Resolve(name => context.Environment[name], context.HomeDirectory);

    /// <summary>
    /// The profiles as this source sees them: the shared files, and the keyring for the long-lived keys of a profile
    /// the files give no credentials (aws-vault's model; asked only when a session has to be started).
    /// </summary>
    public static SharedProfiles Read(CommandContext context)
    {
        var files = Files(context);
        // A FIFO (or socket, device) would block the read forever: refused without being opened.
        foreach (var (path, variable) in new[] { (files.ConfigFile, "AWS_CONFIG_FILE"), (files.CredentialsFile, "AWS_SHARED_CREDENTIALS_FILE") })
        {
            if (SamlAssume.Files.PathStatus.Of(path, followLinks: true) is { Kind: SamlAssume.Files.PathKind.Other })
                throw new InvalidInput($"{path} ({variable}) is {SamlAssume.Files.PathStatus.Describe(path)}, not a regular file: refusing to open it; point {variable} at a file");
        }
        try
        {
            return files.Read(new KeyringKeyStore(context, files.CredentialsFile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var which = Directory.Exists(files.ConfigFile) ? $"{files.ConfigFile} (AWS_CONFIG_FILE) is a directory"
                : Directory.Exists(files.CredentialsFile) ? $"{files.CredentialsFile} (AWS_SHARED_CREDENTIALS_FILE) is a directory"
                : $"{files.ConfigFile} or {files.CredentialsFile} cannot be read: {e.Message.ReplaceLineEndings(" ")}";
            throw new InvalidInput($"the AWS shared files cannot be read: {which}; point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at files");
        }
    }

    /// <summary>Settings for the role profile <paramref name="profile"/>, or null when it is not an IAM-user role profile.</summary>
    public static LoginSettings? Resolve(LoginArguments args, string profile, SharedProfiles profiles, CommandContext context, ProgressLog log)
    {
        if (profiles.Value(profile, "role_arn") is null && profiles.SessionTokenSourceOf(profile) is { } sessionOf)
        {
            // awscli_bastion's [bastion-sts] itself (stscreds' "auth", aws-sts-helpers' env): the MFA session, no role.
            log.Detail($"[{profile}] is the MFA session of source profile [{sessionOf}] ({profiles.Files.ConfigFile})");
            return ForSource(args, new IamUserSettings
            {
                SourceProfile = sessionOf, Profiles = profiles, MfaSerial = profiles.Value(profile, "mfa_serial"), SessionOnly = true,
            }, context) with { Profile = profile, AwsRegion = profiles.Value(profile, "region") ?? profiles.Value(sessionOf, "region") };
        }
        if (profiles.Value(profile, "role_arn") is null) return null;
        if (profiles.SourceOf(profile) is not { } source) return TwoRoleChain(args, profile, profiles, context, log);
        var role = profiles.Role(profile, source);
        log.Detail($"[{profile}] is {role.RoleArn} from the MFA session of source profile [{source}] ({profiles.Files.ConfigFile})");
        // The AWS CLI's own layout puts mfa_serial on the role profile ([profile acme] role_arn, source_profile, mfa_serial).
        return ForSource(args, new IamUserSettings { SourceProfile = source, Profiles = profiles, MfaSerial = role.MfaSerial, Otp = args.Otp }, context) with
        {
            Profile = profile,
            RoleArn = role.RoleArn,
            AwsRegion = role.Region ?? profiles.Value(source, "region"),
        };
    }

    /// <summary>
    /// A role profile whose source_profile is another role profile leading to long-lived keys: followed as the AWS CLI
    /// does (the middle role from the MFA session, then this one with the middle role's credentials); null otherwise.
    /// </summary>
    private static LoginSettings? TwoRoleChain(LoginArguments args, string profile, SharedProfiles profiles, CommandContext context, ProgressLog log)
    {
        if (Unfollowable(profiles, profile) is not null || profiles.Value(profile, "source_profile") is not { } middle
            || profiles.Value(middle, "role_arn") is null || profiles.SourceOf(middle) is not { } source) return null;
        var via = profiles.Role(middle, source);
        var end = new RoleProfile(profile, profiles.Value(profile, "role_arn")!, middle, profiles.Value(profile, "mfa_serial"), profiles.Value(profile, "region"),
            int.TryParse(profiles.Value(profile, "duration_seconds"), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null,
            profiles.Value(profile, "role_session_name"), profiles.Value(profile, "external_id"));
        log.Detail($"[{profile}] is {end.RoleArn} by way of [{middle}] ({via.RoleArn}) from the MFA session of source profile [{source}] ({profiles.Files.ConfigFile})");
        return ForSource(args, new IamUserSettings { SourceProfile = source, Profiles = profiles, Via = via, ChainEnd = end }, context) with
        {
            Profile = profile,
            RoleArn = end.RoleArn,
            AwsRegion = end.Region ?? via.Region ?? profiles.Value(source, "region"),
        };
    }

    /// <summary>
    /// Which link of a role profile's chain samlassume cannot follow (a self or cyclic source_profile, credential_source,
    /// a source with credential_process, SSO or temporary keys, a missing one), or null when it can follow it.
    /// </summary>
    public static string? Unfollowable(SharedProfiles profiles, string profile)
    {
        var chain = new List<string> { profile };
        var current = profile;
        while (true)
        {
            if (profiles.Value(current, "credential_source") is { } credentialSource)
                return $"[{current}] takes its credentials from credential_source = {credentialSource}";
            if (profiles.Value(current, "source_profile") is not { } next)
                return $"[{current}] has role_arn but no source_profile";
            if (next == current) return $"[{current}] names itself as its source_profile";
            if (chain.Contains(next)) return $"source_profile goes round in a circle: {string.Join(" -> ", chain.Select(c => $"[{c}]"))} -> [{next}]";
            chain.Add(next);
            if (!profiles.Contains(next)) return $"[{current}]'s source_profile [{next}] is in neither {profiles.Files.CredentialsFile} nor {profiles.Files.ConfigFile}";
            if (profiles.Value(next, "role_arn") is not null)
            {
                if (chain.Count > 3) return $"the chain {string.Join(" -> ", chain.Select(c => $"[{c}]"))} has more than two roles";
                current = next;
                continue;
            }
            if (profiles.SessionTokenSourceOf(next) is not null) return null;
            if (profiles.Value(next, "credential_process") is not null)
                return $"[{current}]'s source_profile [{next}] gets its credentials from a credential_process, which samlassume does not run";
            if (profiles.Value(next, "sso_session") is not null || profiles.Value(next, "sso_start_url") is not null)
                return $"[{current}]'s source_profile [{next}] is an SSO profile";
            if (profiles.Value(next, "web_identity_token_file") is not null)
                return $"[{current}]'s source_profile [{next}] uses web_identity_token_file";
            if (profiles.Value(next, "aws_session_token") is not null)
                return $"[{current}]'s source_profile [{next}] holds temporary credentials (aws_session_token), not an IAM user's long-lived keys";
            if (profiles.Value(next, "aws_access_key_id") is null)
                return $"[{current}]'s source_profile [{next}] has no aws_access_key_id and aws_secret_access_key";
            return null;
        }
    }

    /// <summary>Settings for a command that names the source profile itself (assume-role, session-token).</summary>
    public static LoginSettings ForSource(LoginArguments args, CommandContext context, bool codeOnControllingTerminal = false)
    {
        if (args.FromEnvironment && args.SourceProfile is not null) throw new InvalidInput("give --source-profile or --from-env, not both");
        if (args.SourceProfile is { } given && string.IsNullOrWhiteSpace(given))
            throw new InvalidInput("--source-profile is empty: name the profile that holds the IAM user's long-lived keys (e.g. --source-profile bastion), or give --from-env");
        var source = args.FromEnvironment ? IamUserSettings.EnvironmentSource
            : args.SourceProfile is { Length: > 0 } named ? named
            : throw new InvalidInput("--source-profile NAME is required (the profile with the IAM user's long-lived keys), or --from-env for credentials in the environment");
        var duration = args.SessionDuration ?? MfaSession.DefaultDurationSeconds;
        if (duration is < MfaSession.MinDurationSeconds or > MfaSession.MaxDurationSeconds)
            throw new InvalidInput($"an MFA session lasts {MfaSession.MinDurationSeconds} to {MfaSession.MaxDurationSeconds} seconds (36 h), not {duration}");
        if (args.Duration is < 900 or > 43200) throw new InvalidInput($"-z/--duration must be between 900 and 43200 seconds, not {args.Duration}");
        return ForSource(args, new IamUserSettings
        {
            SourceProfile = source,
            Profiles = Read(context),
            MfaSerial = args.MfaSerial,
            Otp = args.Otp,
            SessionDurationSeconds = duration,
            SessionMinRemaining = args.SessionMinRemaining ?? MfaSession.DefaultMinRemaining,
            RoleDurationSeconds = args.Duration,
            PromptOnControllingTerminal = codeOnControllingTerminal,
            FromEnvironment = args.FromEnvironment,
        }, context);
    }

    private static LoginSettings ForSource(LoginArguments args, IamUserSettings iamUser, CommandContext context) => new()
    {
        Source = SourceKind.IamUser,
        IamUser = iamUser,
        Transport = LoginSettings.TransportOf(args, context),
        Advice = args.Advice,
        AwsRegion = args.AwsRegion ?? iamUser.SourceRegion,
    };
}
