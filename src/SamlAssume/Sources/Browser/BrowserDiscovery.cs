namespace SamlAssume.Sources.Browser;

/// <summary>
/// Which Chromium-family browser to drive: <c>--browser-path</c> (or a profile's <c>browser_path</c>), else
/// <c>SAMLASSUME_BROWSER</c>, else the first of Chrome, Chromium, Edge and Brave on PATH, then in their usual install
/// places. None found is one line saying everything that was searched.
/// </summary>
public static class BrowserDiscovery
{
    private static readonly string[] CommandNames =
    [
        "google-chrome", "google-chrome-stable", "chromium", "chromium-browser", "microsoft-edge", "microsoft-edge-stable", "brave-browser", "brave",
    ];

    private static readonly string[] UsualPaths =
    [
        "/usr/bin/google-chrome", "/usr/bin/chromium", "/usr/lib/chromium/chromium", "/snap/bin/chromium",
        "/opt/google/chrome/chrome", "/opt/microsoft/msedge/msedge", "/opt/brave.com/brave/brave",
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        "/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge",
        "/Applications/Brave Browser.app/Contents/MacOS/Brave Browser",
    ];

    public const string EnvironmentVariable = "SAMLASSUME_BROWSER";

    public static string Find(string? configured, ProcessEnvironment environment) => Find(configured, environment, UsualPaths);

    internal static string Find(string? configured, ProcessEnvironment environment, IReadOnlyList<string> usualPaths)
    {
        if (configured is not null) return Checked(configured, "--browser-path");
        if (environment[EnvironmentVariable] is { } fromEnvironment) return Checked(fromEnvironment, EnvironmentVariable);
        var directories = (environment["PATH"] ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        foreach (var name in CommandNames)
        {
            foreach (var directory in directories)
            {
                var candidate = Path.Combine(directory, name);
                if (IsExecutable(candidate)) return candidate;
            }
        }
        foreach (var candidate in usualPaths)
        {
            if (IsExecutable(candidate)) return candidate;
        }
        throw new InvalidInput(
            $"no Chromium-family browser found (searched PATH for {string.Join(", ", CommandNames)}, then {string.Join(", ", usualPaths)}): install Chrome, Chromium, Edge or Brave, or give --browser-path or {EnvironmentVariable}");
    }

    private static string Checked(string path, string source) =>
        IsExecutable(path) ? path : throw new InvalidInput($"{source}: {path} is not an executable file");

    private static bool IsExecutable(string path)
    {
        if (!File.Exists(path)) return false;
        if (OperatingSystem.IsWindows()) return true;
        return (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
    }
}
