using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.IamUser;

/// <summary>
/// Many roles from one MFA session: the session first (at most one code), then every role with at most
/// <c>maxParallel</c> STS calls at once, then one replacement of the credentials file for all that succeeded, and a
/// table of outcomes. Each role's credentials are also cached under its profile name, so <c>credential-process</c>,
/// <c>env</c> and <c>exec</c> serve them without another call.
/// </summary>
public sealed class IamUserRoles(CommandContext context, IamUserSource source)
{
    public sealed record Outcome(RoleTarget Target, TemporaryCredentials? Credentials, int ExitCode, string? Error);

    /// <param name="sessionReady">Called once the session is there (progress is told only then: a failure before is the command's one line).</param>
    public async Task<IReadOnlyList<Outcome>> AssumeAsync(IReadOnlyList<RoleTarget> targets, int maxParallel, CancellationToken cancellationToken, Action? sessionReady = null)
    {
        // The session before the fan-out: a failure here (a wrong code, no keys) fails the command once, not once per role.
        var signedIn = (MfaSessionCredentials)await source.SignInAsync(cancellationToken);
        sessionReady?.Invoke();
        var outcomes = new Outcome[targets.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var target = targets[i];
                try
                {
                    var credentials = await source.AssumeAsync(signedIn, target, token);
                    source.Cache.Write(target.Profile, CachedCredentials.From(credentials, target.Region));
                    outcomes[i] = new Outcome(target, credentials, ExitCodes.Ok, null);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    var (code, message) = FailureReporter.Classify(e);
                    outcomes[i] = new Outcome(target, null, code, message);
                }
            });
        return outcomes;
    }

    /// <summary>Every success into its profile, in one locked replacement of the file.</summary>
    public static void Write(CredentialsFile file, IReadOnlyList<Outcome> outcomes)
    {
        var succeeded = outcomes.Where(o => o.Credentials is not null).ToList();
        if (succeeded.Count == 0) return;
        file.WriteProfiles(succeeded
            .Select(o => new KeyValuePair<string, IReadOnlyList<KeyValuePair<string, string>>>(o.Target.Profile, CredentialsProfile.Keys(o.Credentials!, o.Target.Region)))
            .ToList());
    }

    public void WriteTable(IReadOnlyList<Outcome> outcomes)
    {
        var profileWidth = Math.Max(7, outcomes.Max(o => o.Target.Profile.Length));
        var roleWidth = Math.Max(4, outcomes.Max(o => o.Target.RoleName.Length));
        context.Out.WriteLine($"{"PROFILE".PadRight(profileWidth)}  {"ACCOUNT",-12}  {"ROLE".PadRight(roleWidth)}  {"EXPIRES",-20}  ERROR");
        foreach (var o in outcomes)
        {
            var expires = o.Credentials is null ? "-" : UtcSecondsConverter.Format(o.Credentials.Expiration);
            context.Out.WriteLine($"{o.Target.Profile.PadRight(profileWidth)}  {o.Target.Account,-12}  {o.Target.RoleName.PadRight(roleWidth)}  {expires,-20}  {o.Error ?? "-"}");
        }
        context.Out.Flush();
    }
}
