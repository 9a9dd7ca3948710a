using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary><c>samlassume login</c>, also what runs when no command is named (the Python tool has no commands).</summary>
public static class LoginCommand
{
    public const string Description = "Sign in to OneLogin, choose an AWS role and write its temporary credentials";

    public static Command Create(CommandContext context) => Configure(new Command("login", Description), context);

    /// <summary>Adds the login options and action to a command (the root gets them too).</summary>
    public static T Configure<T>(T command, CommandContext context) where T : Command
    {
        var options = new LoginOptions();
        options.AddTo(command);
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose,
                async () => ExitCodes.For(await new LoginFlow(context, log).RunAsync(args, cancellationToken)), cancellationToken);
        });
        return command;
    }
}
