using System.Text;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SamlAssume.Prompts;

/// <summary>
/// The user's terminal when stdin, stdout and stderr are pipes — as when the AWS CLI runs us as its
/// credential_process and captures both outputs. Prompts, the push spinner and progress go here; stdout stays
/// reserved for the JSON. <see cref="TryOpen"/> gives null when the process has no controlling terminal (cron, CI).
/// </summary>
public sealed class ControllingTerminal(IAnsiConsole console, TextWriter writer, IDisposable? resources = null) : IDisposable
{
    public IAnsiConsole Console { get; } = console;

    /// <summary>Whole lines for progress messages (what stderr is for in an ordinary run).</summary>
    public TextWriter Writer { get; } = writer;

    /// <summary>/dev/tty opened for reading and writing, or null when there is none (or on Windows).</summary>
    public static ControllingTerminal? TryOpen(ProcessEnvironment environment)
    {
        if (OperatingSystem.IsWindows()) return null;
        FileStream? input = null;
        FileStream? output = null;
        try
        {
            // ENXIO ("No such device or address") when the process has no controlling terminal.
            input = new FileStream("/dev/tty", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1);
            output = new FileStream("/dev/tty", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            input?.Dispose();
            output?.Dispose();
            return null;
        }
        var writer = new StreamWriter(output, new UTF8Encoding(false)) { AutoFlush = true };
        var keys = new TerminalKeyInput(input);
        var term = environment["TERM"];
        var spectre = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = term is null or "dumb" ? AnsiSupport.No : AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.Detect,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(writer),
        });
        return new ControllingTerminal(new KeyedConsole(spectre, keys), writer, new Resources(keys, writer, input));
    }

    public void Dispose() => resources?.Dispose();

    private sealed class Resources(TerminalKeyInput keys, TextWriter writer, Stream input) : IDisposable
    {
        public void Dispose()
        {
            keys.Dispose();
            writer.Dispose();
            input.Dispose();
        }
    }

    /// <summary>A Spectre console whose keys come from the terminal device rather than System.Console (stdin may be a pipe).</summary>
    private sealed class KeyedConsole(IAnsiConsole inner, IAnsiConsoleInput input) : IAnsiConsole
    {
        public Profile Profile => inner.Profile;
        public IAnsiConsoleCursor Cursor => inner.Cursor;
        public IAnsiConsoleInput Input => input;
        public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
        public RenderPipeline Pipeline => inner.Pipeline;
        public void Clear(bool home) => inner.Clear(home);
        public void Write(IRenderable renderable) => inner.Write(renderable);
        public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);
    }
}
