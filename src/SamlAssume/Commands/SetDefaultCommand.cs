using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume set-default PROFILE</c>: copies a profile's temporary credentials into <c>[default]</c> of the
/// credentials file (awscli_bastion's set-default), so tools that know no profiles use them. Long-lived keys are never
/// copied, and a <c>[default]</c> holding long-lived keys is never overwritten.
/// </summary>
public static class SetDefaultCommand
{
    private static readonly string[] CopiedKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token", "aws_session_expiration", "region"];

    public static Command Create(CommandContext context)
    {
        var command = new Command("set-default", "Copy a profile's temporary credentials into [default] of the credentials file");
        var profile = new Argument<string>("PROFILE") { Description = "A profile with temporary credentials (written by login, assume-role or session-token --write-profile)" };
        var file = new Option<string?>("--file", "-f") { Description = "The credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
        command.Arguments.Add(profile);
        command.Options.Add(file);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, false, () =>
        {
            var log = new ProgressLog(context.Error, false);
            var name = result.GetValue(profile)!;
            var path = CredentialsFile.ResolvePath(n => context.Environment[n], context.HomeDirectory, result.GetValue(file));
            var credentials = new CredentialsFile(path);
            var values = credentials.ReadProfile(name) ?? throw CommandFailure.Usage($"there is no profile [{name}] in {path}");
            if (!values.ContainsKey("aws_session_token") || !values.ContainsKey("aws_access_key_id") || WritableProfile.HoldsLongLivedKeys(values))
                throw CommandFailure.Usage($"profile [{name}] of {path} holds no temporary credentials (aws_session_token): set-default copies only those");
            if (name == "default") throw CommandFailure.Usage("[default] is already the default profile");
            WritableProfile.Check(credentials, ["default"]);
            credentials.WriteProfile("default", CopiedKeys.Where(values.ContainsKey).Select(k => new KeyValuePair<string, string>(k, values[k])).ToList());
            var expires = values.TryGetValue("aws_session_expiration", out var e) ? $"; expires {e}" : "";
            log.Step($"Copied the temporary credentials of [{name}] into [default] of {path}{expires}.");
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return command;
    }
}
