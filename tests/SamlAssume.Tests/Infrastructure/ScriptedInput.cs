using Spectre.Console;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// Keys a person would type, fed to Spectre's real prompts. Lines end with Enter; <see cref="Key"/> adds arrows.
/// Reading past the script fails the test instead of hanging it.
/// </summary>
public sealed class ScriptedInput : IAnsiConsoleInput
{
    /// <summary>A key; or, when <see cref="Expand"/> is set, a step run only when the program blocks for a key.</summary>
    private sealed record Step(ConsoleKeyInfo Key, bool WhenAsked, Func<IEnumerable<Step>>? Expand = null);

    private readonly LinkedList<Step> steps = new();
    private readonly Lock gate = new();

    public ScriptedInput Line(string text)
    {
        Text(text);
        return Key(ConsoleKey.Enter);
    }

    public ScriptedInput Key(ConsoleKey key)
    {
        lock (gate) steps.AddLast(KeyStep(key, whenAsked: false));
        return this;
    }

    public ScriptedInput Text(string text)
    {
        lock (gate)
        {
            foreach (var step in TextSteps(text, whenAsked: false)) steps.AddLast(step);
        }
        return this;
    }

    /// <summary>
    /// A line typed only once the program blocks waiting for a key, as a person answers a prompt they can see:
    /// a reader that merely checks for waiting keys (the push spinner's) does not see it. Also what
    /// <see cref="LineFrom"/> and <see cref="Do"/> wait for.
    /// </summary>
    public ScriptedInput LineWhenAsked(string text) => LineFrom(() => text);

    /// <summary>A line whose text is known only when it is asked for (a code the sandbox sent meanwhile).</summary>
    public ScriptedInput LineFrom(Func<string> text)
    {
        lock (gate)
        {
            steps.AddLast(new Step(default, true, () => [.. TextSteps(text(), whenAsked: true), KeyStep(ConsoleKey.Enter, whenAsked: true)]));
        }
        return this;
    }

    /// <summary>Runs <paramref name="action"/> when the program next blocks for a key (e.g. to move a test clock).</summary>
    public ScriptedInput Do(Action action)
    {
        lock (gate)
        {
            steps.AddLast(new Step(default, true, () =>
            {
                action();
                return [];
            }));
        }
        return this;
    }

    /// <summary>
    /// Ctrl-C once the program blocks for a key: cancels <see cref="Interruption"/> (what SIGINT does to the real
    /// process's <see cref="CommandContext.Interrupt"/>), so a prompt reading with that token gives up.
    /// </summary>
    public ScriptedInput CtrlC()
    {
        lock (gate)
        {
            steps.AddLast(new Step(default, true, () =>
            {
                interruption.Cancel();
                return [new Step(new ConsoleKeyInfo('\x03', ConsoleKey.C, false, false, true), true)];
            }));
        }
        return this;
    }

    private readonly CancellationTokenSource interruption = new();

    /// <summary>The token CliRun hands the command as its Ctrl-C signal.</summary>
    public CancellationToken Interruption => interruption.Token;

    public int Remaining
    {
        get { lock (gate) return steps.Count; }
    }

    public bool IsKeyAvailable()
    {
        lock (gate) return steps.First is { } first && first.Value is { WhenAsked: false };
    }

    public ConsoleKeyInfo? ReadKey(bool intercept)
    {
        lock (gate)
        {
            while (steps.First is { Value.Expand: { } expand } first)
            {
                steps.RemoveFirst();
                foreach (var step in expand().Reverse()) steps.AddFirst(step);
            }
            if (steps.First is null) throw new InvalidOperationException("the program asked for more input than the test scripted");
            var key = steps.First.Value.Key;
            steps.RemoveFirst();
            return key;
        }
    }

    public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken)
    {
        var key = ReadKey(intercept);
        // A prompt watching the interrupt sees its wait cancelled, as with a real console.
        return cancellationToken.IsCancellationRequested ? Task.FromCanceled<ConsoleKeyInfo?>(cancellationToken) : Task.FromResult(key);
    }

    private static Step KeyStep(ConsoleKey key, bool whenAsked) =>
        new(new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, false), whenAsked);

    private static IEnumerable<Step> TextSteps(string text, bool whenAsked) =>
        text.Select(c => new Step(new ConsoleKeyInfo(c, CharToKey(c), false, false, false), whenAsked)).ToList();

    private static ConsoleKey CharToKey(char c) =>
        char.IsAsciiLetter(c) ? (ConsoleKey)char.ToUpperInvariant(c)
        : char.IsAsciiDigit(c) ? ConsoleKey.D0 + (c - '0')
        : c == ' ' ? ConsoleKey.Spacebar
        : ConsoleKey.Oem1;
}

/// <summary>A real Spectre console that writes to a buffer and reads <see cref="ScriptedInput"/>.</summary>
public sealed class ScriptedConsole(IAnsiConsole inner, ScriptedInput input) : IAnsiConsole
{
    public Profile Profile => inner.Profile;
    public IAnsiConsoleCursor Cursor => inner.Cursor;
    public IAnsiConsoleInput Input => input;
    public IExclusivityMode ExclusivityMode => inner.ExclusivityMode;
    public Spectre.Console.Rendering.RenderPipeline Pipeline => inner.Pipeline;
    public void Clear(bool home) => inner.Clear(home);
    public void Write(Spectre.Console.Rendering.IRenderable renderable) => inner.Write(renderable);
    public void WriteAnsi(Action<AnsiWriter> action) => inner.WriteAnsi(action);
}
