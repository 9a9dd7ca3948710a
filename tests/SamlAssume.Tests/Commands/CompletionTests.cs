using System.Diagnostics;
using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary>
/// <c>samlassume completion SHELL</c>: each script loaded into the real shell, asked to complete a line, with a
/// <c>samlassume</c> on PATH that runs the built tool (the scripts ask it through the [suggest] directive).
/// </summary>
public sealed class CompletionTests : IDisposable
{
    /// <summary>
    /// A bash script that sources a completion script and defines <c>complete_line LINE</c>: sets what bash sets before
    /// calling a completion function for a line typed up to the cursor, calls ours, and prints <c>LINE|CANDIDATES</c>.
    /// </summary>
    internal static string BashProbe(string script) => $$"""
        source '{{script}}'
        complete_line() {
            COMP_LINE="$1"; COMP_POINT=${#1}
            read -ra COMP_WORDS <<< "$1"
            [[ "$1" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            _samlassume_complete
            echo "$1|${COMPREPLY[*]}"
        }

        """;

    private readonly string root = Directory.CreateTempSubdirectory("samlassume-completion-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    private string Bin()
    {
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        var wrapper = Path.Combine(bin, "samlassume");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{ProfileSetup.DotnetHost}' '{ProfileSetup.ToolDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    private async Task<string> ScriptAsync(string shell)
    {
        await using var ws = await TestWorkspace.StartAsync();
        var result = await ws.RunAsync("completion", shell);
        Assert.True(result.ExitCode == 0, result.ToString());
        var path = Path.Combine(root, "completion." + shell);
        File.WriteAllText(path, result.Stdout);
        return path;
    }

    private async Task<string> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment["PATH"] = Bin() + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = root;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{program} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    [Fact]
    public async Task Bash_completes_commands_options_and_option_values()
    {
        var script = await ScriptAsync("bash");
        var probe = BashProbe(script) + """
            complete_line "samlassume rol"
            complete_line "samlassume env --format "
            complete_line "samlassume env --pro"
            complete -p samlassume
            """;

        var output = (await RunAsync("bash", "--norc", "--noprofile", "-c", probe)).Split('\n');

        Assert.Contains("samlassume rol|roles", output); // "ro" is also rotate
        Assert.Contains("samlassume env --format |bash dotenv fish json powershell sh zsh", output);
        Assert.Contains("samlassume env --pro|--profile", output);
        Assert.Contains(output, l => l.StartsWith("complete ") && l.Contains("-F _samlassume_complete") && l.EndsWith(" samlassume"));
    }

    [Fact]
    public async Task Fish_completes_commands_and_falls_back_to_files()
    {
        if (!File.Exists("/usr/bin/fish")) return; // fish is not installed here; the bash test covers the directive
        var script = await ScriptAsync("fish");
        Directory.CreateDirectory(Path.Combine(root, "some-config-dir"));

        var commands = await RunAsync("/usr/bin/fish", "--no-config", "-c", $"source '{script}'; complete -C 'samlassume clear'");
        var files = await RunAsync("/usr/bin/fish", "--no-config", "-c", $"source '{script}'; complete -C 'samlassume -c some-'");

        Assert.Equal("clear-cache", commands.Trim());
        Assert.Equal("some-config-dir/", files.Trim());
    }

    [Fact]
    public async Task Zsh_script_is_valid_zsh()
    {
        // Completing needs zsh's line editor at a terminal; the parse check at least keeps the script loadable.
        if (!File.Exists("/usr/bin/zsh")) return;
        var script = await ScriptAsync("zsh");
        await RunAsync("/usr/bin/zsh", "-n", script);
        Assert.Contains("compdef _samlassume samlassume", File.ReadAllText(script));
    }

    [Fact]
    public async Task An_unknown_shell_is_a_usage_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var result = await ws.RunAsync("completion", "tcsh");
        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }
}
