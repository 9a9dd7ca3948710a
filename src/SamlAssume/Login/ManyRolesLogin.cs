using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Files;
using SamlAssume.IdP.Saml;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using SamlAssume.Sources;

namespace SamlAssume.Login;

/// <summary>
/// Many roles from one sign-in, for either source: OneLogin's <c>--all-roles</c> / <c>--roles PATTERN</c> (each role
/// into a profile named by <c>--profile-template</c>) and the IAM user's <c>assume-role PROFILE… | --all</c> (each
/// role into its role profile). The credentials at the source first (a failure there fails the command once, not once
/// per role), then every role concurrently (at most <c>maxParallel</c> STS calls at once, over one STS client). A failed
/// role does not stop the others; all profiles are written in one locked replacement of the credentials file; a table
/// on stdout says what happened to each.
/// </summary>
public sealed class ManyRolesLogin(CommandContext context, ProgressLog log, LoginPipeline pipeline)
{
    /// <summary>One role and the profile it goes to.</summary>
    public sealed record Target(string Profile, AwsRole Role, string? Region);

    private sealed record Outcome(Target Target, TemporaryCredentials? Credentials, FailureKind? Failure, string? Error);

    /// <summary>The flags of many roles, checked before any configuration is read.</summary>
    public static void Validate(LoginArguments args, ManyRolesArguments many)
    {
        if (many.AllRoles && many.Pattern is not null) throw new InvalidInput("give either --all-roles or --roles PATTERN, not both");
        CheckParallel(many.MaxParallel);
        if (args.Loop != 1 || args.Interactive) throw new InvalidInput("--all-roles/--roles cannot be combined with -l/--loop or -x/--interactive");
        if (!many.AllRoles) RolePattern.Parse(many.Pattern!);
    }

    public static void CheckParallel(int? maxParallel)
    {
        if (maxParallel is < 1 or > 64) throw new InvalidInput($"--max-parallel must be between 1 and 64, not {maxParallel}");
    }

    /// <summary>OneLogin's many roles: the assertion's roles that match, named by the template.</summary>
    public async Task<FailureKind?> RunAsync(ManyRolesArguments many, LoginArguments args, CancellationToken cancellationToken)
    {
        var pattern = many.AllRoles ? RolePattern.All : RolePattern.Parse(many.Pattern!);
        var settings = pipeline.Settings;
        var credentialsPath = settings.CredentialsFile
            ?? CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, args.File is null ? null : HomePath.Expand(args.File, context.HomeDirectory));
        var run = await RunAsync(credentialsPath, many.MaxParallel, signedIn =>
        {
            var roles = new RolePicker(context, settings.Aliases).Order(signedIn.Roles.Where(r => pattern.Matches(r, settings.Aliases)), settings.SortByRole);
            if (roles.Count == 0) throw new InvalidInput($"no role in the assertion matches --roles {pattern} (run `samlassume roles` to list them)");
            var named = roles.Select(r => new Target(ProfileName(many.ProfileTemplate, r, settings), r, settings.AwsRegion)).ToList();
            if (named.GroupBy(n => n.Profile, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
            {
                throw new InvalidInput($"--profile-template {many.ProfileTemplate} gives {clash.Count()} roles the profile name [{clash.Key}]: add {{account}} or {{role}}");
            }
            return named;
        }, cacheEach: false, cancellationToken);
        return run.Failed;
    }

    /// <summary>
    /// One run: sign in (or reuse the source's credentials while usable), <paramref name="choose"/> the targets, assume
    /// them, write them. Returns the first failure (null when every role succeeded) and the credentials that expire first.
    /// </summary>
    /// <param name="cacheEach">Also cache each role's credentials under its profile (credential-process, env and exec then serve them).</param>
    /// <param name="maxParallel">At most this many STS calls at once; null adapts to STS (<see cref="AdaptiveConcurrency"/>).</param>
    public async Task<(FailureKind? Failed, TemporaryCredentials? Earliest)> RunAsync(string credentialsPath, int? maxParallel,
        Func<SourceCredentials, IReadOnlyList<Target>> choose, bool cacheEach, CancellationToken cancellationToken)
    {
        var signedIn = await pipeline.SignInAsync(cancellationToken);
        var targets = choose(signedIn);
        var adaptive = maxParallel is null ? new AdaptiveConcurrency() : null;
        log.Step($"Assuming {targets.Count} role(s){signedIn.Origin}, {(adaptive is null ? $"{maxParallel} at a time" : $"{Math.Min(targets.Count, AdaptiveConcurrency.Start)} at a time to start")}…");
        var cache = cacheEach ? new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory)) : null;
        // Each cached role records what its role profile resolves to, so credential-process serves it only for that.
        var inputs = cacheEach ? SettingsInputs.Of(null, context.CurrentDirectory, context.HomeDirectory, name => context.Environment[name]) : null;
        string? BindingOf(Target target) => pipeline.Settings.Source == SourceKind.IamUser
            ? SettingsBinding.IamUser(pipeline.Settings.IamUser?.SourceProfile, target.Role.RoleArn)
            : null;

        var outcomes = new Outcome[targets.Count];
        var throttled = pipeline.Retry.OnThrottled;
        pipeline.Retry.OnThrottled = AdaptiveConcurrency.ThrottledAsync;
        try
        {
            // One STS client for every role (the source keeps one per region); at most maxParallel calls at once, or as
            // many as STS takes without throttling.
            await Parallel.ForEachAsync(Enumerable.Range(0, targets.Count),
                new ParallelOptions { MaxDegreeOfParallelism = maxParallel ?? AdaptiveConcurrency.Ceiling, CancellationToken = cancellationToken },
                async (i, token) =>
                {
                    var target = targets[i];
                    using var place = adaptive is null ? null : await adaptive.EnterAsync(token);
                    if (place is not null) AdaptiveConcurrency.Track(place);
                    try
                    {
                        var credentials = await pipeline.AssumeAsync(signedIn, target.Role, target.Region, token);
                        if (place is not null) AdaptiveConcurrency.Succeeded(place);
                        cache?.Write(target.Profile, CachedCredentials.From(credentials, target.Region) with { Settings = BindingOf(target), Inputs = inputs });
                        outcomes[i] = new Outcome(target, credentials, null, null);
                    }
                    catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                    {
                        var (kind, message) = FailureKinds.Of(e);
                        outcomes[i] = new Outcome(target, null, kind, message);
                    }
                });
        }
        finally
        {
            pipeline.Retry.OnThrottled = throttled;
        }
        if (adaptive is { Cuts: > 0 }) log.Detail($"STS throttled: concurrency halved {adaptive.Cuts} time(s), ended at {adaptive.Limit}");

        var succeeded = outcomes.Where(o => o.Credentials is not null).ToList();
        if (succeeded.Count > 0)
        {
            try
            {
                new CredentialsFile(credentialsPath).WriteProfiles(succeeded
                    .Select(o => new KeyValuePair<string, IReadOnlyList<KeyValuePair<string, string>>>(o.Target.Profile, CredentialsProfile.Keys(o.Credentials!, o.Target.Region)))
                    .ToList());
            }
            catch (CredentialsFileException e)
            {
                // The table still says what STS answered for each role; the error says where the credentials went.
                var kept = new CredentialsKeptInCache(context, log).Keep(succeeded.Select(o => (o.Target.Profile, o.Credentials!)).ToList(), pipeline.Settings.AwsRegion, e);
                WriteTable(outcomes);
                throw kept;
            }
        }
        WriteTable(outcomes);
        var failed = outcomes.Where(o => o.Credentials is null).ToList();
        log.Step($"Wrote {succeeded.Count} profile(s) to {credentialsPath}{(failed.Count > 0 ? $"; {failed.Count} role(s) failed" : "")}.");
        var earliest = succeeded.Select(o => o.Credentials!).MinBy(c => c.Expiration);
        return (failed.Count == 0 ? null : failed[0].Failure, earliest);
    }

    /// <summary>{alias} (the account id when the account has none), {account}, {role}; the result must be a valid profile name.</summary>
    private static string ProfileName(string template, AwsRole role, LoginSettings settings) => template
        .Replace("{alias}", settings.Aliases.For(role.AccountId) ?? role.AccountId, StringComparison.Ordinal)
        .Replace("{account}", role.AccountId, StringComparison.Ordinal)
        .Replace("{role}", role.RoleName, StringComparison.Ordinal);

    private void WriteTable(IReadOnlyList<Outcome> outcomes)
    {
        var profileWidth = Math.Max(7, outcomes.Max(o => o.Target.Profile.Length));
        var roleWidth = Math.Max(4, outcomes.Max(o => o.Target.Role.RoleName.Length));
        context.Out.WriteLine($"{"PROFILE".PadRight(profileWidth)}  {"ACCOUNT",-12}  {"ROLE".PadRight(roleWidth)}  {"EXPIRES",-20}  ERROR");
        foreach (var o in outcomes)
        {
            var expires = o.Credentials is null ? "-" : UtcSecondsConverter.Format(o.Credentials.Expiration);
            context.Out.WriteLine($"{o.Target.Profile.PadRight(profileWidth)}  {o.Target.Role.AccountId,-12}  {o.Target.Role.RoleName.PadRight(roleWidth)}  {expires,-20}  {o.Error ?? "-"}");
        }
        context.Out.Flush();
    }
}
