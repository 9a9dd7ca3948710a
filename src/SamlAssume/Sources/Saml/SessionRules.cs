using System.Text.RegularExpressions;
using SamlAssume.Aws;
using SamlAssume.IdP.Saml;
using SamlAssume.Settings;

namespace SamlAssume.Sources.Saml;

/// <summary>
/// What STS will accept for a session, checked before calling it: DurationSeconds within the assertion's
/// SessionDuration and SessionNotOnOrAfter, a RoleSessionName STS can use, and a shorter retry when the role's
/// MaxSessionDuration is lower than asked (instead of failing like saml2aws #1514, or prompting).
/// </summary>
public static partial class SessionRules
{
    /// <summary>The durations tried, in order, after STS says the request exceeds the role's MaxSessionDuration.</summary>
    public static readonly int[] FallbackDurations = [3600, LoginSettings.MinDuration];

    /// <summary>The requested duration capped by the assertion's SessionDuration and SessionNotOnOrAfter (never below 900 s).</summary>
    public static int DurationFor(int requested, SamlAssertion assertion, DateTimeOffset now, ProgressLog log)
    {
        var duration = requested;
        if (assertion.SessionDuration is int allowed && allowed >= LoginSettings.MinDuration && allowed < duration)
        {
            log.Step($"The assertion allows sessions of at most {allowed} s; asking for that instead of {duration} s.");
            duration = allowed;
        }
        if (assertion.SessionNotOnOrAfter is { } sessionEnd)
        {
            var left = (int)Math.Floor((sessionEnd - now).TotalSeconds);
            if (left < duration)
            {
                var capped = Math.Max(LoginSettings.MinDuration, left);
                if (capped < duration)
                {
                    log.Step($"The OneLogin session ends at {sessionEnd.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z (SessionNotOnOrAfter); asking for {capped} s instead of {duration} s.");
                    duration = capped;
                }
            }
        }
        return duration;
    }

    /// <summary>STS's own rule (its error text says "[a-zA-Z_0-9+=,.@-]{2,64}"): refused here with advice instead of by STS.</summary>
    public static void RequireSessionName(SamlAssertion assertion)
    {
        var name = assertion.RoleSessionName;
        if (name is null)
        {
            throw new SignInRefused($"the SAML assertion has no {SamlResponseReader.RoleSessionNameAttributeName} value, which AWS requires: ask your OneLogin admin to map it (usually to the email or username)");
        }
        if (!SessionName().IsMatch(name))
        {
            throw new SignInRefused($"the SAML assertion's RoleSessionName '{Shown(name)}' is not 2-64 characters of letters, digits and _+=,.@- (AWS would refuse it): ask your OneLogin admin to map RoleSessionName to a plain username or email");
        }
    }

    private static string Shown(string value)
    {
        var line = value.ReplaceLineEndings(" ");
        return line.Length <= 80 ? line : line[..80] + "…";
    }

    [GeneratedRegex(@"^[A-Za-z0-9_+=,.@-]{2,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex SessionName();

    public static bool IsMaxSessionDurationRefusal(StsRefusal refusal) =>
        refusal.ErrorCode == "ValidationError" && refusal.Message.Contains("MaxSessionDuration", StringComparison.Ordinal);

    /// <summary>AssumeRoleWithSAML, retried with 3600 s and then 900 s when the role's maximum is lower than asked.</summary>
    public static async Task<TemporaryCredentials> AssumeWithFallbackAsync(SamlRoleAssumer sts, AwsRole role, string samlResponse, int duration, ProgressLog log, CancellationToken cancellationToken)
    {
        var asked = duration;
        while (true)
        {
            try
            {
                var credentials = await sts.AssumeAsync(role, samlResponse, duration, cancellationToken);
                if (duration != asked)
                {
                    log.Step($"Granted a {duration} s session instead of the {asked} s asked: {role.RoleName}'s maximum session duration is lower. " +
                             $"To allow longer sessions, raise it in IAM (aws iam update-role --role-name {role.RoleName} --max-session-duration {asked}) or ask less with -z/--duration.");
                }
                return credentials;
            }
            catch (StsRefusal refusal) when (IsMaxSessionDurationRefusal(refusal) && FallbackDurations.FirstOrDefault(d => d < duration) is > 0 and var shorter)
            {
                log.Warning($"AWS refused {duration} s for {role.RoleName} (above its MaxSessionDuration); retrying with {shorter} s");
                duration = shorter;
            }
        }
    }
}
