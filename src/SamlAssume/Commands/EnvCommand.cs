using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary><c>samlassume env --profile NAME [--format …]</c>: a profile's credentials as variables, from the cache or a sign-in.</summary>
public static class EnvCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("env", "Print a profile's credentials as environment variables (eval \"$(samlassume env -p NAME)\")");
        var options = new ProfileOptions();
        options.AddTo(command);
        var format = new Option<string>("--format") { Description = "sh (default; bash and zsh are the same), fish, powershell, dotenv or json", DefaultValueFactory = _ => "sh" };
        format.CompletionSources.Add([.. ExportFormat.Names, "bash", "zsh"]);
        command.Options.Add(format);
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                var chosen = ExportFormat.Canonical(result.GetValue(format)!)
                    ?? throw CommandFailure.Usage($"--format must be one of {string.Join(", ", ExportFormat.Names)} (or bash, zsh), not \"{result.GetValue(format)}\"");
                var credentials = await new ProfileCredentialSource(context, log)
                    .GetAsync(args, options.MinRemainingOf(result), promptOnTerminal: false, cancellationToken);
                context.Out.Write(ExportFormat.Format(chosen, credentials.ToTemporary(), credentials.Region));
                context.Out.Flush();
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
