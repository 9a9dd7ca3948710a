using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary><c>samlassume env --profile NAME [--format …]</c>: a profile's credentials as variables, from the cache or a sign-in.</summary>
public sealed class EnvCommand : ProfileCommand
{
    private readonly Option<string> format = new("--format") { Description = "sh (default; bash and zsh are the same), fish, powershell, dotenv or json", DefaultValueFactory = _ => "sh" };

    public EnvCommand(CommandContext context)
        : base(context, "env", "Print a profile's credentials as environment variables (eval \"$(samlassume env NAME)\")", promptOnTerminal: false)
    {
        format.CompletionSources.Add([.. ExportFormat.Names, "bash", "zsh"]);
        Add(format);
    }

    protected override void Check(ParseResult result)
    {
        if (ExportFormat.Canonical(result.GetValue(format)!) is null)
        {
            throw CommandFailure.Usage($"--format must be one of {string.Join(", ", ExportFormat.Names)} (or bash, zsh), not \"{result.GetValue(format)}\"");
        }
    }

    protected override Task<int> UseAsync(ParseResult result, CachedCredentials credentials, ProgressLog log, CancellationToken cancellationToken)
    {
        Context.Out.Write(ExportFormat.Format(ExportFormat.Canonical(result.GetValue(format)!)!, credentials.ToTemporary(), credentials.Region,
            [new(ProfileOptions.MarkerVariable, Profile.NameOf(result))]));
        Context.Out.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }
}
