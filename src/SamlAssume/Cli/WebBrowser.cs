using System.ComponentModel;
using System.Diagnostics;

namespace SamlAssume.Cli;

/// <summary>
/// Opens a URL in the user's browser: the commands in <c>BROWSER</c> first (the convention of Python's webbrowser
/// module and git: entries separated by ':', <c>%s</c> replaced by the URL or the URL appended), else the platform's
/// opener — <c>xdg-open</c> on Linux/BSD, <c>open</c> on macOS, the shell's <c>start</c> (ShellExecute) on Windows.
/// The browser is not waited for. The URL goes only to the browser's argument list, never into a message.
/// </summary>
public static class WebBrowser
{
    /// <returns>The command that took the URL, or null when none could be started.</returns>
    public static string? TryOpen(ProcessEnvironment environment, Uri url, ProgressLog log)
    {
        foreach (var command in Commands(environment))
        {
            var start = StartInfo(command, url.AbsoluteUri);
            try
            {
                using var process = Process.Start(start);
                if (process is null) continue;
                return command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            }
            catch (Win32Exception e)
            {
                log.Detail($"could not start {command.Split(' ')[0]}: {e.Message}");
            }
        }
        return null;
    }

    private static IEnumerable<string> Commands(ProcessEnvironment environment)
    {
        if (environment["BROWSER"] is { } browser)
        {
            foreach (var entry in browser.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) yield return entry;
        }
        if (OperatingSystem.IsWindows()) yield return "start";
        else if (OperatingSystem.IsMacOS()) yield return "open";
        else yield return "xdg-open";
    }

    private static ProcessStartInfo StartInfo(string command, string url)
    {
        // Windows' "start" is a cmd builtin whose parsing would break on the URL's '&': ShellExecute is what it calls.
        if (command == "start" && OperatingSystem.IsWindows()) return new ProcessStartInfo(url) { UseShellExecute = true };
        var words = command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var start = new ProcessStartInfo(words[0])
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = false,
        };
        var substituted = false;
        foreach (var word in words.Skip(1))
        {
            substituted |= word.Contains("%s", StringComparison.Ordinal);
            start.ArgumentList.Add(word.Replace("%s", url, StringComparison.Ordinal));
        }
        if (!substituted) start.ArgumentList.Add(url);
        return start;
    }
}
