using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.IamUser;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume assume-role --source-profile bastion PROFILE… | --all | --role-arn ARN -p NAME</c>: roles of
/// ~/.aws/config (role_arn + source_profile leading to the source) assumed from the one MFA session, in parallel,
/// written into their profiles in one replacement of the credentials file (awscli_bastion's and stslib's job). With
/// --json/--format one role's credentials are printed instead. -l/-t keep them fresh: roles are renewed from the
/// cached session, and a code is asked again only when the session itself ends.
/// </summary>
public static class AssumeRoleCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("assume-role", "Assume roles from an IAM user's MFA session into their profiles (role_arn + source_profile in ~/.aws/config)");
        var options = new IamUserOptions();
        options.AddTo(command);
        var profiles = new Argument<string[]>("PROFILE") { Description = "Role profiles of ~/.aws/config to assume and write", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Every profile of ~/.aws/config whose role_arn chain leads to the source profile" };
        var roleArn = new Option<string?>("--role-arn") { Description = "One role without a config entry (with -p NAME, or --json/--format)" };
        var profile = new Option<string?>("--profile", "-p") { Description = "With --role-arn: the profile to write" };
        var duration = new Option<int?>("--duration", "-z") { Description = "Role credentials' length in seconds, 900 to 43200 (default: the profile's duration_seconds, else 3600)" }.Counting("seconds");
        var json = new Option<bool>("--json") { Description = "Print the one role's credentials as credential_process JSON (Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration) instead of writing a profile" };
        var format = new Option<string?>("--format") { Description = "Print the one role's credentials as sh, fish, powershell, dotenv or json instead of writing a profile" };
        var maxParallel = new Option<int>("--max-parallel") { Description = "How many STS calls at once (default 8)", DefaultValueFactory = _ => 8 }.Counting("calls");
        var loop = new Option<int>("--loop", "-l") { Description = "How many runs in all (0: until interrupted, each when the credentials near their end)", DefaultValueFactory = _ => 1 }.Counting("runs");
        var time = new Option<int>("--time", "-t") { Description = "Minutes between runs of a loop, 15 to 60", DefaultValueFactory = _ => 45 }.Counting("minutes");
        var file = new Option<string?>("--file", "-f") { Description = "The credentials file to write (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
        command.Arguments.Add(profiles);
        foreach (var option in new Option[] { all, roleArn, profile, duration, json, format, maxParallel, loop, time, file }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) =>
        {
            var verbose = result.GetValue(options.Verbose);
            return FailureReporter.RunAsync(context.Error, verbose, async () =>
            {
                var log = new ProgressLog(context.Error, verbose);
                var asJson = result.GetValue(json);
                if (asJson && result.GetValue(format) is not null) throw CommandFailure.Usage("give --json or --format, not both");
                var chosenFormat = asJson ? "credential-process" : result.GetValue(format);
                if (chosenFormat is not null && !asJson && !ExportFormat.Names.Contains(chosenFormat))
                    throw CommandFailure.Usage($"--format must be one of {string.Join(", ", ExportFormat.Names)}, not \"{chosenFormat}\"");
                var parallel = result.GetValue(maxParallel);
                if (parallel is < 1 or > 64) throw CommandFailure.Usage($"--max-parallel must be between 1 and 64, not {parallel}");
                var runs = result.GetValue(loop);
                var minutes = result.GetValue(time);
                if (runs < 0) throw CommandFailure.Usage($"-l/--loop must be 0 (until interrupted) or a number of runs, not {runs}");
                if (runs != 1 && minutes is < LoginLoop.MinMinutes or > LoginLoop.MaxMinutes)
                    throw CommandFailure.Usage($"-t/--time must be between {LoginLoop.MinMinutes} and {LoginLoop.MaxMinutes} minutes, not {minutes}");
                if (runs != 1 && chosenFormat is not null) throw CommandFailure.Usage("-l/--loop keeps profiles fresh: it cannot be combined with --json/--format");
                var roleDuration = result.GetValue(duration);
                if (roleDuration is < 900 or > 43200) throw CommandFailure.Usage($"-z/--duration must be between 900 and 43200 seconds, not {roleDuration}");

                using var source = new IamUserSource(context, log, options.Bind(result));
                var targets = Targets(source, result.GetValue(profiles) ?? [], result.GetValue(all), result.GetValue(roleArn), result.GetValue(profile), roleDuration, chosenFormat is not null);
                var roles = new IamUserRoles(context, source);

                if (chosenFormat is not null)
                {
                    if (targets.Count != 1) throw CommandFailure.Usage($"--json/--format print one role's credentials, and {targets.Count} were named");
                    var signedIn = (MfaSessionCredentials)await source.SignInAsync(cancellationToken);
                    var credentials = await source.AssumeAsync(signedIn, targets[0], cancellationToken);
                    context.Out.Write(asJson
                        ? CredentialProcessOutput.JsonLine(CachedCredentials.From(credentials, targets[0].Region))
                        : ExportFormat.Format(chosenFormat, credentials, targets[0].Region));
                    context.Out.Flush();
                    log.Step($"Credentials for {credentials.AssumedRoleArn} printed; expire {credentials.ExpirationText}.");
                    return ExitCodes.Ok;
                }

                var path = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, result.GetValue(file));
                var credentialsFile = new CredentialsFile(path);
                WritableProfile.Check(credentialsFile, targets.Select(t => t.Profile), source.SourceName);
                var started = context.Clock.GetUtcNow();
                var status = ExitCodes.Ok;
                var nextDue = started;
                for (var run = 1; runs == 0 || run <= runs; run++)
                {
                    if (run > 1)
                    {
                        var due = runs == 0 ? nextDue : started + TimeSpan.FromMinutes(minutes) * (run - 1);
                        var wait = due - context.Clock.GetUtcNow();
                        log.Step($"Next run ({(runs == 0 ? $"run {run}" : $"run {run} of {runs}")}) at {UtcSeconds.Format(due)}; Ctrl-C stops.");
                        if (wait > TimeSpan.Zero) await Task.Delay(wait, context.Clock, cancellationToken);
                    }
                    var outcomes = await roles.AssumeAsync(targets, parallel, cancellationToken,
                        () => log.Step($"Assuming {targets.Count} role(s) from the MFA session of [{source.SourceName}], {parallel} at a time…"));
                    IamUserRoles.Write(credentialsFile, outcomes);
                    roles.WriteTable(outcomes);
                    var failed = outcomes.Where(o => o.Credentials is null).ToList();
                    log.Step($"Wrote {outcomes.Count - failed.Count} profile(s) to {path}{(failed.Count > 0 ? $"; {failed.Count} role(s) failed" : "")}.");
                    status = failed.Count == 0 ? ExitCodes.Ok : failed[0].ExitCode;
                    var earliest = outcomes.Where(o => o.Credentials is not null).Select(o => o.Credentials!.Expiration).DefaultIfEmpty(context.Clock.GetUtcNow().AddMinutes(2)).Min();
                    nextDue = CredentialExpiry.RefreshAt(context.Clock.GetUtcNow(), issued: null, earliest);
                }
                return status;
            }, cancellationToken);
        });
        return command;
    }

    private static IReadOnlyList<RoleTarget> Targets(IamUserSource source, string[] names, bool all, string? roleArn, string? profile, int? duration, bool printing)
    {
        var modes = (names.Length > 0 ? 1 : 0) + (all ? 1 : 0) + (roleArn is not null ? 1 : 0);
        if (modes != 1) throw CommandFailure.Usage("name the roles with PROFILE…, --all or --role-arn ARN (exactly one of them)");
        var region = source.Settings.Region ?? source.Region;
        if (roleArn is not null)
        {
            if (profile is null && !printing) throw CommandFailure.Usage("--role-arn needs -p/--profile NAME to write, or --json/--format to print");
            return [new RoleTarget(profile ?? "-", roleArn, null, duration, null, region)];
        }
        if (profile is not null) throw CommandFailure.Usage("-p/--profile goes with --role-arn; role profiles are named as arguments");
        try
        {
            var roles = all ? source.Profiles.RolesLeadingTo(source.SourceName) : names.Distinct(StringComparer.Ordinal).Select(n => source.Profiles.Role(n, source.SourceName)).ToList();
            if (roles.Count == 0)
                throw CommandFailure.Usage($"no profile of {source.Profiles.Files.ConfigFile} has a role_arn whose source_profile leads to [{source.SourceName}]");
            return roles.Select(r => RoleTarget.From(r, duration) with { Region = r.Region ?? region }).ToList();
        }
        catch (Aws.Sessions.AwsProfileException e)
        {
            throw CommandFailure.Usage(e.Message);
        }
    }
}
