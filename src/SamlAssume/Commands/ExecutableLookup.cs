using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// Finds what <c>exec</c> will run before anything is asked or sent: a missing or non-executable command is found
/// out before the sign-in (and its MFA), not after. Exit codes as shells (and aws-vault) report them.
/// </summary>
public static class ExecutableLookup
{
    /// <summary>The file to run: <paramref name="command"/> itself when it has a slash, else the first match on PATH.</summary>
    /// <exception cref="CommandFailure">127 when there is no such command, 126 when it cannot be run.</exception>
    public static string Resolve(string command, string? path, string currentDirectory)
    {
        if (command.Length == 0) throw new CommandFailure(ExitCodes.CommandNotFound, "exec: an empty command name");
        if (command.Contains('/') || (OperatingSystem.IsWindows() && command.Contains('\\')))
        {
            var full = Path.GetFullPath(command, currentDirectory);
            if (Directory.Exists(full)) throw new CommandFailure(ExitCodes.CommandNotExecutable, $"{command}: is a directory");
            if (!File.Exists(full)) throw new CommandFailure(ExitCodes.CommandNotFound, $"{command}: no such file");
            if (!IsExecutable(full)) throw new CommandFailure(ExitCodes.CommandNotExecutable, $"{command}: permission denied (not executable)");
            return full;
        }
        string? notExecutable = null;
        foreach (var directory in (path ?? "").Split(Path.PathSeparator))
        {
            // An empty PATH entry means the current directory, as in POSIX shells.
            var candidate = Path.Combine(directory.Length == 0 ? currentDirectory : Path.GetFullPath(directory, currentDirectory), command);
            if (OperatingSystem.IsWindows()) return command; // PATHEXT and friends: let Process.Start search
            if (!File.Exists(candidate)) continue;
            if (IsExecutable(candidate)) return candidate;
            notExecutable ??= candidate;
        }
        if (notExecutable is not null) throw new CommandFailure(ExitCodes.CommandNotExecutable, $"{notExecutable}: permission denied (not executable)");
        throw new CommandFailure(ExitCodes.CommandNotFound, $"{command}: command not found (PATH has no such program)");
    }

    private static bool IsExecutable(string file)
    {
        if (OperatingSystem.IsWindows()) return true;
        const UnixFileMode anyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(file) & anyExecute) != 0;
    }
}
