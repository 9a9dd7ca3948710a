using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;

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
        options.SetAction(command, context, promptOnTerminal: true, (_, credentials, _, _) =>
        {
            context.Out.Write(CredentialProcessOutput.JsonLine(credentials));
            context.Out.Flush();
            return Task.FromResult(ExitCodes.Ok);
        });
        return command;
    }
}
