using System.ComponentModel;
using System.Diagnostics;

namespace SamlAssume.Cli;

/// <summary>
/// Opens a URL in the user's browser: the commands in <c>BROWSER</c> first (the convention of Python's webbrowser
/// module and git: entries separated by ':', <c>%s</c> replaced by the URL or the URL appended), else the platform's
/// opener — <c>xdg-open</c> on Linux/BSD, <c>open</c> on macOS, the shell's <c>start</c> (ShellExecute) on Windows.
/// The browser is given <see cref="FailureWindow"/> to fail, not waited for. The URL given here goes only to the
/// browser's argument list, never into a message: console passes a 0600 local page that redirects (SigninPage), so the
/// sign-in link itself is on no command line.
/// </summary>
public static class WebBrowser
{
    /// <summary>How long a browser command is given to fail (xdg-open exit 3, BROWSER=false) before it counts as opened.</summary>
    public static readonly TimeSpan FailureWindow = TimeSpan.FromSeconds(3);

    /// <returns>
    /// The command that took the URL, or null when none did; <paramref name="failed"/> says how the commands that
    /// started and then failed ended ("xdg-open exited with 3"), empty when none could even be started.
    /// </returns>
    public static string? TryOpen(ProcessEnvironment environment, Uri url, ProgressLog log, out string failed)
    {
        var failures = new List<string>();
        foreach (var command in Commands(environment))
        {
            var start = StartInfo(command, url.AbsoluteUri);
            var name = command.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            try
            {
                using var process = Process.Start(start);
                if (process is null) continue;
                process.StandardInput.Close();
                // A browser (or opener) still running after the window has taken the page; one that exited non-zero has not.
                if (process.WaitForExit(FailureWindow) && process.ExitCode != 0)
                {
                    failures.Add($"{name} exited with {process.ExitCode}");
                    log.Detail($"{name} exited with {process.ExitCode}");
                    continue;
                }
                failed = "";
                return name;
            }
            catch (Win32Exception e)
            {
                log.Detail($"could not start {name}: {e.Message}");
            }
        }
        failed = string.Join(", ", failures);
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
