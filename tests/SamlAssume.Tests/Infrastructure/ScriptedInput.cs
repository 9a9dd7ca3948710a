using Spectre.Console;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// Keys a person would type, fed to Spectre's real prompts. Lines end with Enter; <see cref="Key"/> adds arrows.
/// Reading past the script fails the test instead of hanging it.
/// </summary>
public sealed class ScriptedInput : IAnsiConsoleInput
{
    private readonly Queue<ConsoleKeyInfo> keys = new();

    public ScriptedInput Line(string text)
    {
        foreach (var c in text) keys.Enqueue(new ConsoleKeyInfo(c, CharToKey(c), false, false, false));
        return Key(ConsoleKey.Enter);
    }

    public ScriptedInput Key(ConsoleKey key)
    {
        keys.Enqueue(new ConsoleKeyInfo(key == ConsoleKey.Enter ? '\r' : '\0', key, false, false, false));
        return this;
    }

    public ScriptedInput Text(string text)
    {
        foreach (var c in text) keys.Enqueue(new ConsoleKeyInfo(c, CharToKey(c), false, false, false));
        return this;
    }

    public int Remaining => keys.Count;

    public bool IsKeyAvailable() => keys.Count > 0;

    public ConsoleKeyInfo? ReadKey(bool intercept) =>
        keys.Count > 0 ? keys.Dequeue() : throw new InvalidOperationException("the program asked for more input than the test scripted");

    public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) => Task.FromResult(ReadKey(intercept));

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
}
