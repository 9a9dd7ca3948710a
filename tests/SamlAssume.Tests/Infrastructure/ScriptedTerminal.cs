using SamlAssume.Prompts;
using Spectre.Console;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>A stand-in for /dev/tty: a scripted keyboard and a buffer for everything drawn on the terminal.</summary>
public sealed class ScriptedTerminal
{
    private readonly StringWriter screen = new();
    private readonly TextWriter synchronized;

    public ScriptedTerminal(ScriptedInput keys)
    {
        Keys = keys;
        synchronized = TextWriter.Synchronized(screen);
    }

    public ScriptedInput Keys { get; }
    public int Opened { get; private set; }

    /// <summary>What the user saw on the terminal.</summary>
    public string Screen => CliResult.StripAnsi(screen.ToString());

    public ControllingTerminal Open()
    {
        Opened++;
        var spectre = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.Yes,
            Out = new AnsiConsoleOutput(synchronized),
        });
        spectre.Profile.Width = 200;
        return new ControllingTerminal(new ScriptedConsole(spectre, Keys), synchronized);
    }
}
