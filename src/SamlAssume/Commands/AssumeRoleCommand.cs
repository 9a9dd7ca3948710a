using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume assume-role --source-profile bastion PROFILE… | --all | --role-arn ARN -p NAME</c>: roles of
/// ~/.aws/config assumed from the IAM user's MFA session (awscli_bastion's and stslib's job); <see cref="AssumeRoleFlow"/>.
/// </summary>
public sealed class AssumeRoleCommand : SamlAssumeCommand
{
    private readonly IamUserOptions options;
    private readonly Argument<string[]> profiles = new("PROFILE") { Description = "Role profiles of ~/.aws/config to assume and write", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> all = new("--all") { Description = "Every profile of ~/.aws/config whose role_arn chain leads to the source profile" };
    private readonly Option<string?> roleArn = new("--role-arn") { Description = "One role without a config entry (with -p NAME, or --json/--format)" };
    private readonly Option<bool> fromEnv = new("--from-env") { Description = "With --role-arn: sign AssumeRole with the credentials in AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN instead of a source profile (CI jobs, an exported session)" };
    private readonly Option<string?> profile = new("--profile", "-p") { Description = "With --role-arn: the profile to write" };
    private readonly Option<int?> duration = new Option<int?>("--duration", "-z") { Description = "Role credentials' length in seconds, 900 to 43200 (default: the profile's duration_seconds, else 3600)" }.Counting("seconds");
    private readonly Option<bool> json = new("--json") { Description = "Print the one role's credentials as credential_process JSON (Version, AccessKeyId, SecretAccessKey, SessionToken, Expiration) instead of writing a profile" };
    private readonly Option<string?> format = new("--format") { Description = "Print the one role's credentials as sh, fish, powershell, dotenv or json instead of writing a profile" };
    private readonly Option<int?> maxParallel = new Option<int?>("--max-parallel") { Description = "At most this many STS calls at once (default: start at 24 and adapt to STS's throttling, up to 64)" }.Counting("calls");
    private readonly Option<int?> maxRoles = new Option<int?>("--max-roles") { Description = $"Assume more than {AssumeRoleFlow.DefaultMaxRoles} role profiles at once, up to this many (default: refuse more than {AssumeRoleFlow.DefaultMaxRoles})" }.Counting("roles");
    private readonly Option<int> loop = new Option<int>("--loop", "-l") { Description = "How many runs in all (0: until interrupted, each when the credentials near their end)", DefaultValueFactory = _ => 1 }.Counting("runs");
    private readonly Option<int> time = new Option<int>("--time", "-t") { Description = "Minutes between runs of a loop, 15 to 60", DefaultValueFactory = _ => 45 }.Counting("minutes");
    private readonly Option<string?> file = new("--file", "-f") { Description = "The credentials file to write (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };

    public AssumeRoleCommand(CommandContext context) : this(context, new IamUserOptions())
    {
    }

    private AssumeRoleCommand(CommandContext context, IamUserOptions options)
        : base(context, "assume-role", "Assume roles from an IAM user's MFA session into their profiles (role_arn + source_profile in ~/.aws/config)", options.Verbose)
    {
        this.options = options;
        options.AddTo(this);
        Add(profiles, all, roleArn, fromEnv, profile, duration, json, format, maxParallel, maxRoles, loop, time, file);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        if (result.GetValue(json) && result.GetValue(format) is not null) throw CommandFailure.Usage("give --json or --format, not both");
        if (result.GetValue(profile) is { } target && string.IsNullOrWhiteSpace(target))
            throw CommandFailure.Usage("-p/--profile is empty: name the profile of the credentials file to write");
        var args = options.Bind(result) with
        {
            FromEnvironment = result.GetValue(fromEnv), Profile = result.GetValue(profile), Duration = result.GetValue(duration), Loop = result.GetValue(loop), Time = result.GetValue(time), File = result.GetValue(file),
        };
        var roles = new AssumeRoleArguments(result.GetValue(profiles) ?? [], result.GetValue(all), result.GetValue(roleArn),
            result.GetValue(json) ? PrintedDelivery.CredentialProcess : result.GetValue(format), result.GetValue(maxParallel), result.GetValue(maxRoles));
        return ExitCodes.For(await new AssumeRoleFlow(Context, log).RunAsync(args, roles, cancellationToken));
    }
}
