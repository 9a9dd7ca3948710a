using System.CommandLine;
using System.Text.RegularExpressions;
using SamlAssume.Aws;
using SamlAssume.Cli;
using Spectre.Console;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume init --source-profile NAME</c>: asks for an IAM user's access key id and secret access key (hidden)
/// and writes them into that profile of the credentials file (stscreds init). Without a terminal the two come as two
/// lines on standard input, so neither appears in a command line or the shell history.
/// </summary>
public static partial class InitCommand
{
    [GeneratedRegex("^AKIA[A-Z0-9]{16}$")]
    private static partial Regex LongLivedKeyId();

    public static Command Create(CommandContext context)
    {
        var command = new Command("init", "Write an IAM user's long-lived keys into a profile of the credentials file (asked, secret hidden)");
        var source = new Option<string>("--source-profile") { Description = "The profile to write (e.g. bastion)", Required = true };
        var serial = new Option<string?>("--mfa-serial") { Description = "Also write mfa_serial (the MFA device ARN) into the profile" };
        var file = new Option<string?>("--file", "-f") { Description = "The credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
        command.Options.Add(source);
        command.Options.Add(serial);
        command.Options.Add(file);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, false, () =>
        {
            var log = new ProgressLog(context.Error, false);
            var name = result.GetValue(source)!;
            var path = CredentialsFile.ResolvePath(n => context.Environment[n], context.HomeDirectory, result.GetValue(file));
            var credentials = new CredentialsFile(path);
            if (credentials.ReadProfile(name) is { } existing && existing.ContainsKey("aws_session_token"))
                throw CommandFailure.Usage($"profile [{name}] of {path} holds temporary credentials: choose another name for the long-lived keys");

            string keyId, secret;
            if (context.IsInteractive)
            {
                keyId = context.Console.Prompt(new TextPrompt<string>("AWS access key id:")
                    .Validate(k => LongLivedKeyId().IsMatch(k.Trim()) ? ValidationResult.Success() : ValidationResult.Error("An IAM user's key id: AKIA and 16 letters or digits"))).Trim();
                secret = context.Console.Prompt(new TextPrompt<string>("AWS secret access key:").Secret()
                    .Validate(s => IsSecret(s.Trim()) ? ValidationResult.Success() : ValidationResult.Error("40 characters, no spaces"))).Trim();
            }
            else
            {
                keyId = context.In.ReadLine()?.Trim() ?? "";
                secret = context.In.ReadLine()?.Trim() ?? "";
                if (!LongLivedKeyId().IsMatch(keyId))
                    throw CommandFailure.Usage("without a terminal, give the access key id (AKIA…) and the secret access key as two lines on standard input");
                if (!IsSecret(secret)) throw CommandFailure.Usage("the secret access key (second line of standard input) must be 40 characters without spaces");
            }
            var values = new List<KeyValuePair<string, string>> { new("aws_access_key_id", keyId), new("aws_secret_access_key", secret) };
            if (result.GetValue(serial) is { } mfa) values.Add(new("mfa_serial", mfa));
            credentials.WriteProfile(name, values);
            log.Step($"Wrote the long-lived keys of {keyId} into profile [{name}] of {path}.");
            log.Step($"Next: samlassume session-token --source-profile {name}{(result.GetValue(serial) is null ? " --mfa-serial arn:aws:iam::ACCOUNT:mfa/NAME" : "")}");
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return command;
    }

    private static bool IsSecret(string secret) => secret.Length == 40 && !secret.Any(char.IsWhiteSpace);
}
