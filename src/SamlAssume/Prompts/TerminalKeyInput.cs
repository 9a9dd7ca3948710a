using System.Diagnostics;
using System.Text;
using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// Key presses read straight from /dev/tty. The first read switches the terminal to no-echo, non-canonical mode
/// with <c>stty</c> (so a password is not echoed and arrows reach the role list); <see cref="Dispose"/> restores
/// the saved mode. Ctrl-C still raises SIGINT because ISIG stays on.
/// </summary>
internal sealed class TerminalKeyInput(Stream tty) : IAnsiConsoleInput, IDisposable
{
    private string? savedMode;
    private bool raw;

    public bool IsKeyAvailable() => false;

    public ConsoleKeyInfo? ReadKey(bool intercept)
    {
        EnterRawMode();
        var first = ReadByte();
        switch (first)
        {
            case '\r' or '\n': return Key('\r', ConsoleKey.Enter);
            case 0x7f or 0x08: return Key('\b', ConsoleKey.Backspace);
            case '\t': return Key('\t', ConsoleKey.Tab);
            case 0x1b:
                if (ReadByte() != '[') return Key('\0', ConsoleKey.Escape);
                return ReadByte() switch
                {
                    'A' => Key('\0', ConsoleKey.UpArrow),
                    'B' => Key('\0', ConsoleKey.DownArrow),
                    'C' => Key('\0', ConsoleKey.RightArrow),
                    'D' => Key('\0', ConsoleKey.LeftArrow),
                    _ => Key('\0', ConsoleKey.Escape),
                };
        }
        // UTF-8: the lead byte says how many continuation bytes follow.
        var length = first < 0x80 ? 1 : first >= 0xF0 ? 4 : first >= 0xE0 ? 3 : 2;
        var bytes = new byte[length];
        bytes[0] = (byte)first;
        for (var i = 1; i < length; i++) bytes[i] = (byte)ReadByte();
        var c = Encoding.UTF8.GetString(bytes)[0];
        var key = char.IsAsciiLetter(c) ? (ConsoleKey)char.ToUpperInvariant(c)
            : char.IsAsciiDigit(c) ? ConsoleKey.D0 + (c - '0')
            : c == ' ' ? ConsoleKey.Spacebar
            : ConsoleKey.Oem1;
        return Key(c, key);
    }

    // The read itself cannot be cancelled; the wait can, so Ctrl-C ends a prompt at once (the process exits soon after).
    public Task<ConsoleKeyInfo?> ReadKeyAsync(bool intercept, CancellationToken cancellationToken) =>
        Task.Run(() => ReadKey(intercept), cancellationToken).WaitAsync(cancellationToken);

    private int ReadByte()
    {
        var b = tty.ReadByte();
        if (b < 0) throw new OperationCanceledException("the terminal closed");
        return b;
    }

    private static ConsoleKeyInfo Key(char c, ConsoleKey key) => new(c, key, false, false, false);

    private void EnterRawMode()
    {
        if (raw) return;
        raw = true;
        savedMode = Stty("-g")?.Trim();
        Stty("-echo -icanon min 1 time 0");
    }

    public void Dispose()
    {
        if (raw && !string.IsNullOrEmpty(savedMode)) Stty(savedMode);
        raw = false;
    }

    private static string? Stty(string arguments)
    {
        try
        {
            var start = new ProcessStartInfo("/bin/sh") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("stty " + arguments + " < /dev/tty");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return process.ExitCode == 0 ? output : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return null;
        }
    }
}
