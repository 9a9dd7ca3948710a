using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume assume-role --source-profile bastion PROFILE… | --all | --role-arn ARN -p NAME</c>: roles of
/// ~/.aws/config assumed from the IAM user's MFA session (awscli_bastion's and stslib's job); <see cref="AssumeRoleFlow"/>.
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
            var args = options.Bind(result) with
            {
                Profile = result.GetValue(profile), Duration = result.GetValue(duration), Loop = result.GetValue(loop), Time = result.GetValue(time), File = result.GetValue(file),
            };
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                if (result.GetValue(json) && result.GetValue(format) is not null) throw CommandFailure.Usage("give --json or --format, not both");
                var roles = new AssumeRoleArguments(result.GetValue(profiles) ?? [], result.GetValue(all), result.GetValue(roleArn),
                    result.GetValue(json) ? PrintedDelivery.CredentialProcess : result.GetValue(format), result.GetValue(maxParallel));
                return ExitCodes.For(await new AssumeRoleFlow(context, new ProgressLog(context.Error, args.Verbose)).RunAsync(args, roles, cancellationToken));
            }, cancellationToken);
        });
        return command;
    }
}
