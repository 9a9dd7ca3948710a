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
        return files.Read(new KeyringKeyStore(context, files.CredentialsFile));
    }

    /// <summary>Settings for the role profile <paramref name="profile"/>, or null when it is not an IAM-user role profile.</summary>
    public static LoginSettings? Resolve(LoginArguments args, string profile, CommandContext context, ProgressLog log)
    {
        var profiles = Read(context);
        if (profiles.Value(profile, "role_arn") is null && profiles.SessionTokenSourceOf(profile) is { } sessionOf)
        {
            // awscli_bastion's [bastion-sts] itself (stscreds' "auth", aws-sts-helpers' env): the MFA session, no role.
            log.Detail($"[{profile}] is the MFA session of source profile [{sessionOf}] ({profiles.Files.ConfigFile})");
            return ForSource(args, new IamUserSettings
            {
                SourceProfile = sessionOf, Profiles = profiles, MfaSerial = profiles.Value(profile, "mfa_serial"), SessionOnly = true,
            }, context) with { Profile = profile, AwsRegion = profiles.Value(profile, "region") ?? profiles.Value(sessionOf, "region") };
        }
        if (profiles.Value(profile, "role_arn") is null || profiles.SourceOf(profile) is not { } source) return null;
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

    /// <summary>Settings for a command that names the source profile itself (assume-role, session-token).</summary>
    public static LoginSettings ForSource(LoginArguments args, CommandContext context, bool codeOnControllingTerminal = false)
    {
        if (args.FromEnvironment && args.SourceProfile is not null) throw new InvalidInput("give --source-profile or --from-env, not both");
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
