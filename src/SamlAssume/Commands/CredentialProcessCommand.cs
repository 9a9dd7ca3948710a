using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume credential-process --profile NAME</c>: the AWS CLI/SDK <c>credential_process</c> contract. Stdout
/// carries the JSON and nothing else; prompts go to the controlling terminal; errors are one line on stderr, which
/// the AWS CLI shows when the process fails.
/// </summary>
public static class CredentialProcessCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("credential-process",
            "Print a profile's credentials as credential_process JSON (cached; signs in on the terminal when needed)");
        var options = new ProfileOptions();
        options.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                var credentials = await new ProfileCredentialSource(context, log)
                    .GetAsync(args, options.MinRemainingOf(result), promptOnTerminal: true, cancellationToken);
                context.Out.Write(CredentialProcessOutput.JsonLine(credentials));
                context.Out.Flush();
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
