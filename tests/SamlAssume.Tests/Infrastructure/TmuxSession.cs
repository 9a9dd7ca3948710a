using System.Diagnostics;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A test that needs tmux (Debian's tmux), to drive the tool through a real pseudo-terminal: the line discipline,
/// SIGINT from Ctrl-C, echo and canonical mode as a user's shell sees them. .ci/run installs it; on a machine
/// without it the test is skipped with that reason.
/// </summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (TmuxSession.Executable is null) Skip = "tmux is not installed (apt-get install tmux; .ci/run does)";
    }
}

/// <summary>
/// A private tmux server (own socket, no user config) running <c>sh</c> in a 120×40 window. dash, not bash: bash's
/// readline sets the terminal mode itself at each prompt and would hide a terminal we left without echo.
/// </summary>
public sealed class TmuxSession : IAsyncDisposable
{
    public static string? Executable { get; } = new[] { "/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux" }.FirstOrDefault(File.Exists);

    private readonly string socket;

    private TmuxSession(string socket) => this.socket = socket;

    public static async Task<TmuxSession> StartAsync(string directory)
    {
        var session = new TmuxSession(Path.Combine(directory, "tmux.sock"));
        await session.TmuxAsync("-f", "/dev/null", "new-session", "-d", "-s", "t", "-x", "120", "-y", "40", "/bin/sh");
        return session;
    }

    /// <summary>Types <paramref name="text"/> literally (no key names), as a person would.</summary>
    public Task TypeAsync(string text) => TmuxAsync("send-keys", "-t", "t", "-l", text);

    /// <summary>Presses keys by tmux name: Enter, Up, C-c, BSpace.</summary>
    public Task PressAsync(params string[] keys) => TmuxAsync(["send-keys", "-t", "t", .. keys]);

    /// <summary>The visible screen, one string; lines the terminal wrapped are joined again (-J).</summary>
    public async Task<string> ScreenAsync() => await TmuxAsync("capture-pane", "-p", "-J", "-t", "t");

    /// <summary>Polls the screen until <paramref name="condition"/> holds; bounded, the last screen in the failure.</summary>
    public async Task<string> WaitForAsync(Func<string, bool> condition, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        string screen;
        while (!condition(screen = await ScreenAsync()))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds}s for {what}; the screen:\n{screen}");
            await Task.Delay(100);
        }
        return screen;
    }

    public Task<string> WaitForAsync(string text, int seconds = 60) => WaitForAsync(s => s.Contains(text, StringComparison.Ordinal), $"\"{text}\"", seconds);

    private async Task<string> TmuxAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Executable!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("-S");
        start.ArgumentList.Add(socket);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Remove("TMUX");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"tmux {string.Join(' ', args)}: {await stderr}");
        return await stdout;
    }

    public async ValueTask DisposeAsync()
    {
        try { await TmuxAsync("kill-server"); } catch (InvalidOperationException) { }
    }
}
