using SamlAssume.Aws.Sessions;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.IamUser;

/// <summary>
/// credential-process, env and exec for a role profile of the IAM-user source. Which source a profile uses is said by
/// ~/.aws/config itself: a profile with <c>role_arn</c> whose <c>source_profile</c> leads to long-lived keys (directly,
/// or through a <c>samlassume session-token</c> profile) is the IAM-user source's; any other profile is an entry of
/// onelogin.aws.json. Its credentials are cached under the profile's name, like OneLogin profiles', so the
/// credential_process fast path serves them too; one process refreshes while the others wait on the profile's lock.
/// </summary>
public static class IamUserProfileCredentials
{
    /// <summary>The source profile <paramref name="profile"/> leads to, or null when it is not an IAM-user role profile.</summary>
    public static string? SourceOf(CommandContext context, string profile)
    {
        var profiles = IamUserSource.ReadProfiles(context);
        return profiles.Value(profile, "role_arn") is not null ? profiles.SourceOf(profile) : null;
    }

    public static async Task<CachedCredentials> GetAsync(CommandContext context, ProgressLog log, string profile, string source, TimeSpan minRemaining,
        TimeSpan lockTimeout, int httpTimeoutSeconds, bool promptOnTerminal, CancellationToken cancellationToken)
    {
        var cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
        using var held = await cache.LockAsync(profile, lockTimeout, cancellationToken)
            ?? throw new ProfileRefreshBusy($"another samlassume has been refreshing profile [{profile}] for over {lockTimeout.TotalMinutes:0} min (lock {cache.Paths.LockFor(profile)}); try again");
        if (cache.ReadFresh(profile, context.Clock.GetUtcNow(), minRemaining) is { } refreshed)
        {
            log.Detail($"another process refreshed [{profile}] while this one waited");
            return refreshed;
        }
        using var iam = new IamUserSource(context, log, new IamUserSettings
        {
            SourceProfile = source, HttpTimeoutSeconds = httpTimeoutSeconds, PromptOnControllingTerminal = promptOnTerminal, Verbose = log.IsVerbose, TakesOtpFlag = false,
        });
        var role = iam.Profiles.Role(profile, source);
        log.Detail($"[{profile}] is {role.RoleArn} from the MFA session of source profile [{source}] (~/.aws/config)");
        var signedIn = (MfaSessionCredentials)await iam.SignInAsync(cancellationToken);
        var credentials = await iam.AssumeAsync(signedIn, RoleTarget.From(role, null), cancellationToken);
        var cached = CachedCredentials.From(credentials, role.Region ?? iam.Region);
        cache.Write(profile, cached);
        return cached;
    }
}
