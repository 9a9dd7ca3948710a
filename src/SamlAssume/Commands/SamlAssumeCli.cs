using System.CommandLine;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>The command tree and its invocation; <c>Program</c> only hands it the real process.</summary>
public static class SamlAssumeCli
{
    public static RootCommand Build(CommandContext context)
    {
        var root = new RootCommand(
            "SamlAssume: sign in with OneLogin and get temporary AWS credentials.\n" +
            "With no command, runs `login`. Options and config files are those of OneLogin's onelogin-aws-assume-role.");
        LoginCommand.AddTo(root, context);
        root.Subcommands.Add(new RolesCommand(context));
        root.Subcommands.Add(new DemoCommand(context));
        root.Subcommands.Add(new SandboxCommand(context));
        root.Subcommands.Add(new AssertionCommand(context));
        root.Subcommands.Add(new IdpCertCommand(context));
        root.Subcommands.Add(new CredentialProcessCommand(context));
        root.Subcommands.Add(new EnvCommand(context));
        root.Subcommands.Add(new ExecCommand(context));
        root.Subcommands.Add(new ClearCacheCommand(context));
        root.Subcommands.Add(new ConsoleCommand(context));
        root.Subcommands.Add(new ServeCommand(context));
        root.Subcommands.Add(new KeyringCommand(context));
        root.Subcommands.Add(new CompletionCommand(context));
        root.Subcommands.Add(new SessionTokenCommand(context));
        root.Subcommands.Add(new AssumeRoleCommand(context));
        root.Subcommands.Add(new SetDefaultCommand(context));
        root.Subcommands.Add(new InitCommand(context));
        root.Subcommands.Add(new ListCommand(context));
        root.Subcommands.Add(new RotateCommand(context));
        HelpLayout.Install(root, context.Out);
        return root;
    }

    /// <param name="handleTermination">Whether Ctrl-C/SIGTERM cancel the command (the real process); tests run many at once and say no.</param>
    public static async Task<int> RunAsync(string[] args, CommandContext context, bool handleTermination = true, CancellationToken cancellationToken = default)
    {
        // Ctrl-C cancels the command's token and its prompts alike (InterruptSignal says why not System.CommandLine's).
        using var signals = handleTermination ? InterruptSignal.Register(TimeSpan.FromSeconds(2)) : null;
        using var interruptible = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, context.Interrupt);
        var result = Build(context).Parse(args);
        if (ParseErrorLine.Of(result) is { } error)
        {
            // One line and the usage exit code, instead of the parser's error list and full help.
            context.Error.WriteLine($"samlassume: error: {error}");
            return ExitCodes.Usage;
        }
        var configuration = new InvocationConfiguration
        {
            Output = context.Out,
            Error = new StringWriter(),
            EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null,
        };
        return await result.InvokeAsync(configuration, interruptible.Token);
    }
}
