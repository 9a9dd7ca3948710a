using SamlAssume.Commands;
using SamlAssume.Net;
using Spectre.Console;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>What one in-process run of the real command line printed and returned.</summary>
public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stderr without the ANSI sequences Spectre's list prompts draw with.</summary>
    public static string StripAnsi(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\x1b\[[0-9;?]*[A-Za-z]", "");

    public string AllOutput => Stdout + Stderr;

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>
/// Runs <see cref="SamlAssumeCli"/> exactly as Program does, but with the test's environment, home directory,
/// buffers for stdout/stderr, and optionally a scripted terminal. Runs in parallel: nothing global is touched.
/// </summary>
public static class CliRun
{
    /// <param name="ansi">Whether the scripted terminal understands ANSI (arrow-key lists) or gets numbered lists.</param>
    public static async Task<CliResult> RunAsync(TestWorkspace workspace, string[] args, ScriptedInput? terminal = null,
        IReadOnlyDictionary<string, string?>? environment = null, CancellationToken cancellationToken = default, bool ansi = true, string? stdin = null,
        Func<SamlAssume.Prompts.ControllingTerminal?>? openTerminal = null, TimeProvider? clock = null,
        Func<HttpTransport, HttpMessageHandler>? httpHandlerFactory = null, StringWriter? stdoutSink = null)
    {
        // A sink lets a test read stdout while the command still runs (serve prints its exports, then keeps serving).
        var stdout = stdoutSink ?? new StringWriter();
        var stderr = new StringWriter();
        var synchronizedErr = TextWriter.Synchronized(stderr);
        var spectre = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = terminal is not null && ansi ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = terminal is null ? InteractionSupport.No : InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(synchronizedErr),
        });
        spectre.Profile.Width = 200;
        var env = new Dictionary<string, string?>(workspace.Environment);
        if (environment is not null)
        {
            foreach (var (k, v) in environment) env[k] = v;
        }
        var context = new CommandContext
        {
            Out = stdoutSink is null ? stdout : TextWriter.Synchronized(stdout),
            Error = synchronizedErr,
            Console = terminal is null ? spectre : new ScriptedConsole(spectre, terminal),
            In = new StringReader(stdin ?? ""),
            IsInteractive = terminal is not null,
            Environment = ProcessEnvironment.Of(env),
            HomeDirectory = workspace.Home,
            CurrentDirectory = workspace.WorkingDirectory,
            OpenTerminal = openTerminal ?? (() => null),
            Clock = clock ?? TimeProvider.System,
            HttpHandlerFactory = httpHandlerFactory ?? HttpTransport.CreateHandler,
            Interrupt = terminal?.Interruption ?? default,
        };

        var exitCode = await SamlAssumeCli.RunAsync(args, context, handleTermination: false, cancellationToken);
        return new CliResult(exitCode, stdout.ToString(), CliResult.StripAnsi(stderr.ToString()));
    }
}
