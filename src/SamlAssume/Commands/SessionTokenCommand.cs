using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume session-token --source-profile bastion [-z SECONDS] [--write-profile NAME]</c>: the IAM user's MFA
/// session (STS GetSessionToken) as credential_process JSON, or into a profile; <see cref="SessionTokenFlow"/>.
/// </summary>
public static class SessionTokenCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("session-token", "Print an IAM user's MFA session (STS GetSessionToken) as credential_process JSON (cached; one MFA code per session)");
        var options = new IamUserOptions();
        options.AddTo(command, sessionDuration: false);
        var duration = new Option<int?>("--duration", "-z") { Description = "Session length in seconds, 900 to 129600 (default 43200)" }.Counting("seconds");
        var minRemaining = new Option<int>("--min-remaining") { Description = "Start a new session unless the cached one has more than this many minutes left, or half its lifetime if less (default 15)", DefaultValueFactory = _ => (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes }.Counting("minutes");
        var writeProfile = new Option<string?>("--write-profile") { Description = "Write the session into this profile of the credentials file instead of printing it" };
        var file = new Option<string?>("--file", "-f") { Description = "With --write-profile: the credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
        foreach (var option in new Option[] { duration, minRemaining, writeProfile, file }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) =>
        {
            var verbose = result.GetValue(options.Verbose);
            return FailureReporter.RunAsync(context.Error, verbose, async () =>
            {
                var remaining = CredentialExpiry.MinRemaining(result.GetValue(minRemaining))
                    ?? throw CommandFailure.Usage($"--min-remaining must be between 0 and {CredentialExpiry.MaxMinRemainingMinutes} minutes");
                var args = options.Bind(result, result.GetValue(duration)) with { SessionMinRemaining = remaining, File = result.GetValue(file) };
                return ExitCodes.For(await new SessionTokenFlow(context, new ProgressLog(context.Error, verbose)).RunAsync(args, result.GetValue(writeProfile), cancellationToken));
            }, cancellationToken);
        });
        return command;
    }
}
