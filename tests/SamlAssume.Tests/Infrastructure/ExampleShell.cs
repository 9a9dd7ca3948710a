using System.Diagnostics;
using System.Text;
using SamlAssume.Files;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A reader's shell for one README section: a fresh home, <c>samlassume</c> on PATH (the built tool through
/// <c>dotnet</c>, or the NativeAOT binary named by SAMLASSUME_BINARY), the environment the setup block exported,
/// and the directory it left. Each command runs in its own <c>bash</c> with stderr joined to stdout, as a
/// terminal shows them.
/// </summary>
public sealed class ExampleShell : IDisposable
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(60);

    public string Root { get; } = Directory.CreateTempSubdirectory("samlassume-readme-").FullName;
    public string Home => Path.Combine(Root, "home");
    private string Bin => Path.Combine(Root, "bin");
    public string WorkingDirectory { get; private set; }
    public Dictionary<string, string> Environment { get; }

    public ExampleShell()
    {
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(Bin);
        WorkingDirectory = Home;
        var tool = Path.Combine(Bin, "samlassume");
        File.WriteAllText(tool, "#!/bin/sh\nexec " + ProfileSetup.ToolCommand + " \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Environment = new()
        {
            ["HOME"] = Home,
            // The system's tools only (Debian's AWS CLI in /usr/bin, not one a version manager put first).
            ["PATH"] = $"{Bin}:/usr/local/bin:/usr/bin:/bin",
            ["LANG"] = "C.UTF-8",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            // login --browser examples: only loopback leaves the browser (a dead proxy for everything else).
            ["SAMLASSUME_BROWSER_FLAGS"] = "--proxy-server=127.0.0.1:1 --proxy-bypass-list=127.0.0.1;localhost",
        };
        if (System.Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) Environment["DOTNET_ROOT"] = root;
        AddAwsCliFromPath();
    }

    /// <summary>
    /// With no AWS CLI among the system's tools, the one first on the test's own PATH (often v1 from pip or pyenv):
    /// the README's `aws` examples then run with it too, in this fresh home where no region is configured — as a
    /// reader whose PATH starts with AWS CLI v1 runs them.
    /// </summary>
    private void AddAwsCliFromPath()
    {
        if (SystemTools.Any(d => File.Exists(Path.Combine(d, "aws")))) return;
        var found = (System.Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "aws")).FirstOrDefault(File.Exists);
        if (found is null) return;
        // A pyenv shim finds its Python from PYENV_ROOT, which the fresh home would otherwise move.
        var pyenv = System.Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } pyenvRoot ? $"PYENV_ROOT='{pyenvRoot}' " : "";
        var wrapper = Path.Combine(Bin, "aws");
        File.WriteAllText(wrapper, $"#!/bin/sh\n{pyenv}exec '{found}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static readonly string[] SystemTools = ["/usr/local/bin", "/usr/bin", "/bin"];

    /// <summary>Whether an example's external tool (aws, oathtool, curl) can run in this shell.</summary>
    public bool Has(string tool) => SystemTools.Append(Bin).Any(d => File.Exists(Path.Combine(d, tool)));

    /// <summary>A path as the README writes it: <c>~/…</c> under the home, relative to the working directory.</summary>
    public string HomePath(string path) =>
        path == "~" ? Home : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(Home, path[2..]) : Path.Combine(WorkingDirectory, path);

    /// <summary>Runs the setup script; what it exports and where it <c>cd</c>s to holds for every later command.</summary>
    public async Task<(int ExitCode, string Output)> RunSetupAsync(string script)
    {
        var envFile = Path.Combine(Root, "setup.env");
        var pwdFile = Path.Combine(Root, "setup.pwd");
        var (exit, output) = await RunAsync($"set -e\n{script}\nenv -0 > '{envFile}'\npwd > '{pwdFile}'\n");
        if (exit != 0) return (exit, output);
        foreach (var entry in File.ReadAllText(envFile).Split('\0', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = entry.IndexOf('=');
            var name = entry[..equals];
            if (name is "_" or "PWD" or "OLDPWD" or "SHLVL") continue;
            Environment[name] = entry[(equals + 1)..];
        }
        WorkingDirectory = File.ReadAllText(pwdFile).Trim();
        return (exit, output);
    }

    /// <summary>Runs one command line to its end (bounded), with <paramref name="extra"/> exported too.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(string command, IReadOnlyDictionary<string, string>? extra = null)
    {
        using var process = Start(command, extra, newSession: false);
        var output = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(CommandTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"(still running after {CommandTimeout.TotalSeconds} s; killed)\n" + await output);
        }
        return (process.ExitCode, await output);
    }

    /// <summary>Starts a command that runs until Ctrl-C, in its own session so Ctrl-C reaches all of it.</summary>
    public RunningExample StartUntilInterrupted(string command) => new(Start(command, null, newSession: true));

    private Process Start(string command, IReadOnlyDictionary<string, string>? extra, bool newSession)
    {
        var start = new ProcessStartInfo(newSession ? "setsid" : "bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = WorkingDirectory,
        };
        if (newSession) start.ArgumentList.Add("bash");
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("exec 2>&1\n" + command);
        start.Environment.Clear();
        foreach (var (k, v) in Environment) start.Environment[k] = v;
        foreach (var (k, v) in extra ?? new Dictionary<string, string>()) start.Environment[k] = v;
        var process = Process.Start(start)!;
        process.StandardInput.Close(); // a script's stdin: nothing to read, no terminal
        return process;
    }

    public void Dispose()
    {
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

/// <summary>A command that keeps running (a server, a refresh loop) until it is interrupted.</summary>
public sealed class RunningExample : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _reader;

    public RunningExample(Process process)
    {
        _process = process;
        _reader = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardOutput.ReadAsync(buffer)) > 0)
            {
                lock (_output) _output.Append(buffer, 0, read);
            }
        });
    }

    public string Output { get { lock (_output) return _output.ToString(); } }
    public bool HasExited => _process.HasExited;

    /// <summary>Waits (bounded) until <paramref name="done"/> holds for the output so far, or the command exits.</summary>
    public async Task<bool> WaitForAsync(Func<string, bool> done, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (done(Output)) return true;
            if (_process.HasExited) { await _reader; return done(Output); }
            await Task.Delay(50);
        }
        return false;
    }

    /// <summary>Ctrl-C to the whole session, as a terminal sends it; then waits (bounded) for the exit.</summary>
    public async Task<int?> InterruptAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start(new ProcessStartInfo("kill", ["-INT", "--", "-" + _process.Id]) { UseShellExecute = false })!;
            await kill.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            await _reader;
            return _process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
