using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using SamlAssume.Aws;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume exec --profile NAME -- CMD ARGS…</c>: runs CMD with the profile's credentials in its environment
/// and AWS_PROFILE/AWS_DEFAULT_PROFILE removed (an SDK would otherwise look for that profile instead), on our own
/// stdin/stdout/stderr, and exits with CMD's exit code.
/// </summary>
public static class ExecCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("exec", "Run a command with a profile's credentials in its environment: samlassume exec -p NAME -- aws s3 ls");
        var options = new ProfileOptions();
        options.AddTo(command);
        var commandLine = new Argument<string[]>("command") { Description = "The command and its arguments (after --)", Arity = ArgumentArity.OneOrMore };
        command.Arguments.Add(commandLine);
        options.SetAction(command, context, promptOnTerminal: false, (result, credentials, log, cancellationToken) =>
            RunAsync(context, log, result.GetValue(commandLine)!, ShellExports.Variables(credentials.ToTemporary(), credentials.Region), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, ProgressLog log, string[] argv,
        IReadOnlyList<KeyValuePair<string, string>> variables, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(argv[0]) { UseShellExecute = false, WorkingDirectory = context.CurrentDirectory };
        foreach (var argument in argv.Skip(1)) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in context.Environment.Variables)
        {
            if (value is not null) start.Environment[name] = value;
        }
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_DEFAULT_PROFILE");
        foreach (var (name, value) in variables) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw CommandFailure.Usage($"cannot run {argv[0]}");
        }
        catch (Win32Exception e)
        {
            throw CommandFailure.Usage($"cannot run {argv[0]}: {e.Message}");
        }
        log.Detail($"running {argv[0]} (pid {process.Id}) with the credentials in its environment");
        using (process)
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl-C at a terminal reached the child too (same process group); a TERM sent to us alone must not orphan it.
                if (!process.HasExited) process.Kill();
                throw;
            }
            return process.ExitCode;
        }
    }
}
