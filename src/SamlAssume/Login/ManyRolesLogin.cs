using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;
using SamlAssume.Prompts;

namespace SamlAssume.Login;

/// <summary>
/// <c>--all-roles</c> / <c>--roles PATTERN</c>: one sign-in, then every matching role assumed concurrently (at most
/// <c>--max-parallel</c> STS calls at once, over one STS client), each into its own profile named by
/// <c>--profile-template</c>. A failed role does not stop the others; all profiles are written in one locked
/// replacement of the credentials file; a table on stdout says what happened to each.
/// </summary>
public sealed class ManyRolesLogin(CommandContext context, ProgressLog log, LoginPipeline pipeline)
{
    private sealed record Outcome(string Profile, AwsRole Role, TemporaryCredentials? Credentials, int ExitCode, string? Error);

    /// <summary>The flags of many roles, checked before any configuration is read.</summary>
    public static void Validate(LoginArguments args, ManyRolesArguments many)
    {
        if (many.AllRoles && many.Pattern is not null) throw new InvalidInput("give either --all-roles or --roles PATTERN, not both");
        if (many.MaxParallel is < 1 or > 64) throw new InvalidInput($"--max-parallel must be between 1 and 64, not {many.MaxParallel}");
        if (args.Loop != 1 || args.Interactive) throw new InvalidInput("--all-roles/--roles cannot be combined with -l/--loop or -x/--interactive");
        if (!many.AllRoles) RolePattern.Parse(many.Pattern!);
    }

    public async Task<int> RunAsync(ManyRolesArguments many, LoginArguments args, CancellationToken cancellationToken)
    {
        var pattern = many.AllRoles ? RolePattern.All : RolePattern.Parse(many.Pattern!);
        var settings = pipeline.Settings;
        var credentialsPath = settings.CredentialsFile
            ?? CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, args.File is null ? null : HomePath.Expand(args.File, context.HomeDirectory));

        var signedIn = await pipeline.SignInAsync(cancellationToken);
        var roles = new RolePicker(context, settings.Aliases).Order(signedIn.Roles.Where(r => pattern.Matches(r, settings.Aliases)), settings.SortByRole);
        if (roles.Count == 0)
        {
            throw new InvalidInput($"no role in the assertion matches --roles {pattern} (run `samlassume roles` to list them)");
        }
        var named = roles.Select(r => (Profile: ProfileName(many.ProfileTemplate, r, settings), Role: r)).ToList();
        if (named.GroupBy(n => n.Profile, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } clash)
        {
            throw new InvalidInput($"--profile-template {many.ProfileTemplate} gives {clash.Count()} roles the profile name [{clash.Key}]: add {{account}} or {{role}}");
        }
        log.Step($"Assuming {named.Count} role(s), {many.MaxParallel} at a time…");

        var outcomes = new Outcome[named.Count];
        // One STS client for every role (the source keeps one per region), at most --max-parallel calls at once.
        await Parallel.ForEachAsync(Enumerable.Range(0, named.Count),
            new ParallelOptions { MaxDegreeOfParallelism = many.MaxParallel, CancellationToken = cancellationToken },
            async (i, token) =>
            {
                var (profile, role) = named[i];
                try
                {
                    outcomes[i] = new Outcome(profile, role, await pipeline.AssumeAsync(signedIn, role, settings.AwsRegion, token), ExitCodes.Ok, null);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    var (code, message) = FailureReporter.Classify(e);
                    outcomes[i] = new Outcome(profile, role, null, code, message);
                }
            });

        var succeeded = outcomes.Where(o => o.Credentials is not null).ToList();
        if (succeeded.Count > 0)
        {
            try
            {
                new CredentialsFile(credentialsPath).WriteProfiles(succeeded
                    .Select(o => new KeyValuePair<string, IReadOnlyList<KeyValuePair<string, string>>>(o.Profile, CredentialsProfile.Keys(o.Credentials!, settings.AwsRegion)))
                    .ToList());
            }
            catch (CredentialsFileException e)
            {
                // The table still says what STS answered for each role; the error says where the credentials went.
                var kept = new CredentialsKeptInCache(context, log).Keep(succeeded.Select(o => (o.Profile, o.Credentials!)).ToList(), settings.AwsRegion, e);
                WriteTable(outcomes, settings);
                throw kept;
            }
        }
        WriteTable(outcomes, settings);
        var failed = outcomes.Where(o => o.Credentials is null).ToList();
        log.Step($"Wrote {succeeded.Count} profile(s) to {credentialsPath}{(failed.Count > 0 ? $"; {failed.Count} role(s) failed" : "")}.");
        return failed.Count == 0 ? ExitCodes.Ok : failed[0].ExitCode;
    }

    /// <summary>{alias} (the account id when the account has none), {account}, {role}; the result must be a valid profile name.</summary>
    private static string ProfileName(string template, AwsRole role, LoginSettings settings) => template
        .Replace("{alias}", settings.Aliases.For(role.AccountId) ?? role.AccountId, StringComparison.Ordinal)
        .Replace("{account}", role.AccountId, StringComparison.Ordinal)
        .Replace("{role}", role.RoleName, StringComparison.Ordinal);

    private void WriteTable(IReadOnlyList<Outcome> outcomes, LoginSettings settings)
    {
        var profileWidth = Math.Max(7, outcomes.Max(o => o.Profile.Length));
        var roleWidth = Math.Max(4, outcomes.Max(o => o.Role.RoleName.Length));
        context.Out.WriteLine($"{"PROFILE".PadRight(profileWidth)}  {"ACCOUNT",-12}  {"ROLE".PadRight(roleWidth)}  {"EXPIRES",-20}  ERROR");
        foreach (var o in outcomes)
        {
            var expires = o.Credentials is null ? "-" : UtcSecondsConverter.Format(o.Credentials.Expiration);
            context.Out.WriteLine($"{o.Profile.PadRight(profileWidth)}  {o.Role.AccountId,-12}  {o.Role.RoleName.PadRight(roleWidth)}  {expires,-20}  {o.Error ?? "-"}");
        }
        context.Out.Flush();
    }
}
