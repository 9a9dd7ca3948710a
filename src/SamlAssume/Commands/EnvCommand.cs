using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary><c>samlassume env --profile NAME [--format …]</c>: a profile's credentials as variables, from the cache or a sign-in.</summary>
public static class EnvCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("env", "Print a profile's credentials as environment variables (eval \"$(samlassume env -p NAME)\")");
        var options = new ProfileOptions();
        options.AddTo(command);
        var format = new Option<string>("--format") { Description = "sh (default), fish, powershell, dotenv or json", DefaultValueFactory = _ => "sh" };
        command.Options.Add(format);
        options.SetAction(command, context, promptOnTerminal: false, (result, credentials, _, _) =>
        {
            context.Out.Write(ExportFormat.Format(result.GetValue(format)!, credentials.ToTemporary(), credentials.Region));
            context.Out.Flush();
            return Task.FromResult(ExitCodes.Ok);
        }, check: result =>
        {
            var chosen = result.GetValue(format)!;
            if (!ExportFormat.Names.Contains(chosen))
            {
                throw CommandFailure.Usage($"--format must be one of {string.Join(", ", ExportFormat.Names)}, not \"{chosen}\"");
            }
        });
        return command;
    }
}
