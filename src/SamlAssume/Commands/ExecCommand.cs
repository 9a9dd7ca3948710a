using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume exec --profile NAME -- CMD ARGS…</c>: runs CMD with the profile's credentials in its environment
/// and AWS_PROFILE/AWS_DEFAULT_PROFILE removed (an SDK would otherwise look for that profile instead), on our own
/// stdin/stdout/stderr, and exits with CMD's exit code (127 when there is no CMD, 126 when it cannot be run).
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
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                var argv = result.GetValue(commandLine)!;
                var program = ExecutableLookup.Resolve(argv[0], context.Environment["PATH"], context.CurrentDirectory);
                var credentials = await new ProfileCredentialSource(context, log)
                    .GetAsync(args, options.MinRemainingOf(result), promptOnTerminal: false, cancellationToken);
                return await RunAsync(context, log, program, argv, ShellExports.Variables(credentials.ToTemporary(), credentials.Region), cancellationToken);
            }, cancellationToken);
        });
        return command;
    }

    private const int ENOENT = 2;

    private static async Task<int> RunAsync(CommandContext context, ProgressLog log, string program, string[] argv,
        IReadOnlyList<KeyValuePair<string, string>> variables, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, WorkingDirectory = context.CurrentDirectory };
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
            // As shells and aws-vault report it: 127 not found, 126 found but not runnable.
            throw e.NativeErrorCode == ENOENT
                ? new CommandFailure(ExitCodes.CommandNotFound, $"{argv[0]}: command not found")
                : new CommandFailure(ExitCodes.CommandNotExecutable, $"{argv[0]}: cannot be run ({e.Message})");
        }
        log.Detail($"running {argv[0]} (pid {process.Id}) with the credentials in its environment");
        using (process)
        using (InterruptSignal.LeaveCtrlCToChild())
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM sent to us alone: the child must not be orphaned.
                if (!process.HasExited) process.Kill();
                throw;
            }
            return process.ExitCode;
        }
    }
}
