using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SamlAssume.Tests.Commands;

/// <summary>
/// Every ```console example of the README runs as written: each <c>$ </c> line through bash with the real
/// <c>samlassume</c> on PATH, against the sandbox, after the README's own setup block, in a fresh home per
/// <c>## </c> section (commands of a section run in order, as a reader would). A command must succeed unless the
/// README shows it failing (<c>samlassume: error:</c>), and print what the README shows after it (see
/// <see cref="ExampleOutput"/> for what counts as the same). Conventions and annotations: README "Running the examples".
/// </summary>
public sealed class ReadmeExamplesTests(ReadmeSandbox sandbox, ITestOutputHelper log) : IClassFixture<ReadmeSandbox>
{
    /// <summary>
    /// Examples marked <c>&lt;!-- example: not run: REASON --&gt;</c>. Raising this is a decision, not a side effect:
    /// an example that cannot run unattended must be counted here.
    /// </summary>
    private const int NotRunExamples = 5;

    /// <summary>Tools outside this repository that examples use; a missing one skips those commands (said in the log).</summary>
    private static readonly Regex ExternalTool = new(@"(?:^|[|;&(]\s*|--\s+|\$\(\s*)(aws|oathtool|curl)\b");

    private static readonly Lazy<ReadmeExamples> Readme = new(ReadmeExamples.Load);

    public static TheoryData<string> Sections()
    {
        var data = new TheoryData<string>();
        foreach (var name in Readme.Value.Sections.Keys) data.Add(name);
        return data;
    }

    [Fact]
    public void The_README_marks_its_examples_and_few_are_not_run()
    {
        var readme = Readme.Value;
        Assert.True(readme.Problems.Count == 0, string.Join('\n', readme.Problems));
        // The test starts the default sandbox itself (port 0) and writes the AWS CLI rules where this line says.
        Assert.Matches(@"^samlassume sandbox --port \d+ --aws-cli-data-dir \S+$", readme.SandboxCommand);
        var notRun = readme.Sections.Values.SelectMany(s => s).OfType<ConsoleExample>().Where(e => e.NotRunReason is not null).ToList();
        Assert.True(notRun.Count == NotRunExamples,
            $"{notRun.Count} examples are marked 'not run', {NotRunExamples} expected:\n" + string.Join('\n', notRun.Select(e => $"README.md:{e.Line}: {e.NotRunReason}")));
        var commands = readme.Sections.Values.SelectMany(s => s).OfType<ConsoleExample>().Where(e => e.NotRunReason is null).Sum(e => e.Commands.Count);
        Assert.True(commands >= 30, $"only {commands} runnable commands found in the README: is the parser broken?");
    }

    [Theory]
    [MemberData(nameof(Sections))]
    public async Task Examples_of_the_section_run_as_written(string section)
    {
        var readme = Readme.Value;
        Assert.Empty(readme.Problems);
        using var shell = new ExampleShell();
        var ports = new PortMap(readme.SandboxCommand, sandbox.Server.BaseUrl.Port);
        var failures = new List<string>();

        // What `samlassume sandbox --aws-cli-data-dir DIR` writes for AWS CLI 2.9, where the sandbox line says.
        if (Regex.Match(readme.SandboxCommand, @"--aws-cli-data-dir (\S+)") is { Success: true } dataDir)
        {
            AwsCliEndpointRules.WriteTo(shell.HomePath(dataDir.Groups[1].Value), sandbox.Server.BaseUrl);
        }
        var setup = await shell.RunSetupAsync(ports.Apply(readme.Setup));
        Assert.True(setup.ExitCode == 0, $"the README's setup block failed (exit {setup.ExitCode}):\n{setup.Output}");

        foreach (var step in readme.Sections[section])
        {
            switch (step)
            {
                case ExampleFile file:
                    var path = shell.HomePath(file.Path);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllTextAsync(path, ports.Apply(file.Content));
                    break;
                case ConsoleExample { NotRunReason: { } reason } example:
                    log.WriteLine($"README.md:{example.Line}: not run ({reason})");
                    break;
                case ConsoleExample { UntilInterrupted: true } example:
                    await RunUntilInterruptedAsync(shell, ports, example, failures);
                    break;
                case ConsoleExample example:
                    foreach (var command in example.Commands) await RunAsync(shell, ports, command, null, failures);
                    break;
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} README example(s) in \"{section}\" do not run as written:\n\n" + string.Join("\n\n", failures));
    }

    private async Task RunAsync(ExampleShell shell, PortMap ports, ExampleCommand command, IReadOnlyDictionary<string, string>? extra, List<string> failures)
    {
        if (MissingTool(shell, command) is { } tool)
        {
            log.WriteLine($"README.md:{command.Line}: skipped, {tool} is not installed: $ {command.Text}");
            return;
        }
        var clock = Stopwatch.StartNew();
        var (exit, output) = await shell.RunAsync(ports.Apply(command.Text), extra);
        log.WriteLine($"README.md:{command.Line}: exit {exit} in {clock.ElapsedMilliseconds} ms: $ {command.Text}");
        var normalized = ExampleOutput.Normalize(output, shell.Home);
        var exitOk = command.PrintsItsExitStatus || (command.ExpectsFailure ? exit != 0 : exit == 0);
        var outputOk = command.Expected is null || ExampleOutput.Matches(command.Expected, normalized);
        if (!exitOk || !outputOk) failures.Add(Describe(command, exit, normalized, exitOk ? null : command.ExpectsFailure ? "a failure" : "exit 0"));
    }

    private async Task RunUntilInterruptedAsync(ExampleShell shell, PortMap ports, ConsoleExample example, List<string> failures)
    {
        var first = example.Commands[0];
        if (first.Expected is null) { failures.Add($"README.md:{first.Line}: a command that runs until Ctrl-C must show its output (the test waits for it)"); return; }
        using var running = shell.StartUntilInterrupted(ports.Apply(first.Text));
        var shown = await running.WaitForAsync(o => ExampleOutput.Matches(first.Expected, ExampleOutput.Normalize(o, shell.Home)), TimeSpan.FromSeconds(60));
        if (!shown || running.HasExited)
        {
            failures.Add(Describe(first, running.HasExited ? await running.InterruptAsync() ?? -1 : -1, ExampleOutput.Normalize(running.Output, shell.Home),
                running.HasExited ? "to keep running until Ctrl-C" : null));
            return;
        }
        log.WriteLine($"README.md:{first.Line}: running: $ {first.Text}");
        // "Export the lines above": what the running command printed to export holds for the block's other commands.
        var exports = Regex.Matches(running.Output, @"^export (\w+)='([^']*)'$", RegexOptions.Multiline).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
        foreach (var command in example.Commands.Skip(1)) await RunAsync(shell, ports, command, exports, failures);
        if (await running.InterruptAsync() is null) failures.Add($"README.md:{first.Line}: still running 15 s after Ctrl-C: $ {first.Text}");
    }

    private static string Describe(ExampleCommand command, int exit, string output, string? expectedExit)
    {
        var text = new StringBuilder($"README.md:{command.Line}: $ {command.Text}\n");
        text.Append(expectedExit is null ? $"exit {exit}\n" : $"exit {exit}, expected {expectedExit}\n");
        if (command.Expected is not null) text.Append("--- the README shows ---\n").Append(string.Join('\n', command.Expected)).Append('\n');
        return text.Append("--- it printed (run-dependent values normalized) ---\n").Append(output.TrimEnd()).ToString();
    }

    private static string? MissingTool(ExampleShell shell, ExampleCommand command)
    {
        // login --browser drives a Chromium-family browser (BrowserDiscovery finds Debian's chromium on PATH).
        if (command.Text.Contains(" --browser ", StringComparison.Ordinal) && !File.Exists("/usr/bin/chromium") && !File.Exists("/usr/bin/google-chrome")) return "chromium";
        foreach (Match m in ExternalTool.Matches(command.Text))
        {
            var tool = m.Groups[1].Value;
            if (!shell.Has(tool)) return tool;
        }
        return null;
    }

    /// <summary>
    /// The README's ports, made real: the sandbox line's port is the test's sandbox; any other port an example
    /// names (a server it starts) becomes a free one, the same within a section.
    /// </summary>
    private sealed class PortMap(string sandboxCommand, int sandboxPort)
    {
        private readonly Dictionary<string, string> _ports = new()
        {
            [Regex.Match(sandboxCommand, @"--port (\d+)").Groups[1].Value] = sandboxPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };

        public string Apply(string text) => ReadmeExamples.Port.Replace(text, m =>
        {
            if (!_ports.TryGetValue(m.Value, out var port)) _ports[m.Value] = port = FreePort();
            return port;
        });

        private static string FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
    }
}
