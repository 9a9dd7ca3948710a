using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume credential-process --profile NAME</c>: the AWS CLI/SDK <c>credential_process</c> contract. Stdout
/// carries the JSON and nothing else; prompts go to the controlling terminal; errors are one line on stderr, which
/// the AWS CLI shows when the process fails. A cache hit is answered by <see cref="CachedCredentialProcess"/> first.
/// </summary>
public sealed class CredentialProcessCommand(CommandContext context)
    : ProfileCommand(context, "credential-process", "Print a profile's credentials as credential_process JSON (cached; signs in on the terminal when needed)", promptOnTerminal: true)
{
    protected override Task<int> UseAsync(ParseResult result, CachedCredentials credentials, ProgressLog log, CancellationToken cancellationToken)
    {
        Context.Out.Write(CredentialProcessOutput.JsonLine(credentials));
        Context.Out.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }
}
