using System.Text.RegularExpressions;
using SamlAssume.Commands;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>One <c>$ </c> line of a ```console block and the lines the README shows after it (null: none shown).</summary>
public sealed record ExampleCommand(int Line, string Text, IReadOnlyList<string>? Expected)
{
    /// <summary>The README shows an error line, so the command must fail; otherwise it must succeed.</summary>
    public bool ExpectsFailure => Expected?.Any(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)) == true;

    /// <summary>A command that prints <c>$?</c> itself shows its exit status in its output, which is compared instead.</summary>
    public bool PrintsItsExitStatus => Text.Contains("$?", StringComparison.Ordinal);
}

/// <summary>A step of a README section, in the order a reader meets it.</summary>
public abstract record ExampleStep(int Line);

/// <summary>A ```console block: its commands, and how the annotation before it says to run it.</summary>
public sealed record ConsoleExample(int Line, IReadOnlyList<ExampleCommand> Commands, bool UntilInterrupted, string? NotRunReason) : ExampleStep(Line);

/// <summary>A block the reader saves as a file (<c>&lt;!-- example: file ~/.aws/config --&gt;</c>).</summary>
public sealed record ExampleFile(int Line, string Path, string Content) : ExampleStep(Line);

/// <summary>The README's console examples, grouped by <c>## </c> section (each section runs in a fresh home).</summary>
public sealed class ReadmeExamples
{
    public const string AnnotationPrefix = "<!-- example:";

    /// <summary>The ```sh block marked <c>setup</c>: run once in each section's fresh home before its examples.</summary>
    public required string Setup { get; init; }
    /// <summary>The line that starts the sandbox (marked <c>sandbox</c>), e.g. <c>samlassume sandbox --port 47112 …</c>.</summary>
    public required string SandboxCommand { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<ExampleStep>> Sections { get; init; }
    /// <summary>Problems with the README's own structure (a console block without a command, an unknown annotation).</summary>
    public required IReadOnlyList<string> Problems { get; init; }

    public static string Path
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(System.IO.Path.Combine(directory.FullName, "SamlAssume.sln"))) directory = directory.Parent;
            return System.IO.Path.Combine(directory?.FullName ?? throw new InvalidOperationException("no SamlAssume.sln above the test binaries"), "README.md");
        }
    }

    public static ReadmeExamples Load() => Parse(File.ReadAllLines(Path));

    public static ReadmeExamples Parse(IReadOnlyList<string> lines)
    {
        var sections = new Dictionary<string, List<ExampleStep>>();
        var problems = new List<string>();
        string? setup = null, sandbox = null;
        var section = "(before the first section)";
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].StartsWith("## ", StringComparison.Ordinal)) section = lines[i][3..].Trim();
            if (!lines[i].StartsWith("```", StringComparison.Ordinal)) continue;
            var language = lines[i][3..].Trim();
            var start = i;
            var body = new List<string>();
            for (i++; i < lines.Count && !lines[i].StartsWith("```", StringComparison.Ordinal); i++) body.Add(lines[i]);
            var annotation = AnnotationBefore(lines, start);
            var where = $"README.md:{start + 1}";
            if (annotation is null && language != "console") continue;
            var steps = sections.TryGetValue(section, out var list) ? list : sections[section] = [];
            var notRun = annotation?.StartsWith("not run:", StringComparison.Ordinal) == true ? annotation[8..].Trim() : null;
            if (annotation == "setup")
            {
                if (setup is not null) problems.Add($"{where}: a second setup block");
                setup = string.Join('\n', body) + "\n";
            }
            else if (annotation == "sandbox")
            {
                if (sandbox is not null || body.Count != 1) problems.Add($"{where}: the sandbox block must be one line, once");
                sandbox = body.FirstOrDefault();
            }
            else if (annotation?.StartsWith("file ", StringComparison.Ordinal) == true)
            {
                steps.Add(new ExampleFile(start + 1, annotation[5..].Trim(), string.Join('\n', body) + "\n"));
            }
            else if (annotation is null or "until Ctrl-C" || notRun is not null)
            {
                if (language != "console") { problems.Add($"{where}: '{annotation}' marks a ```{language} block, not ```console"); continue; }
                var commands = Commands(body, start + 1);
                // Each example starts from the setup's shell, so state one sets would not reach the next (nor should
                // it, for a reader who runs them out of order).
                foreach (var c in commands.Where(c => ShellState.IsMatch(c.Text))) problems.Add($"README.md:{c.Line}: '{c.Text}' only sets shell state; put it inline in the command that needs it");
                if (commands.Count == 0) problems.Add($"{where}: a ```console block without a `$ ` command (use ```text for output alone)");
                if (notRun is "") problems.Add($"{where}: 'not run:' needs its reason");
                steps.Add(new ConsoleExample(start + 1, commands, annotation == "until Ctrl-C", notRun));
            }
            else
            {
                problems.Add($"{where}: unknown annotation '{annotation}'");
            }
        }
        if (setup is null) problems.Add("README.md: no ```sh block marked <!-- example: setup -->");
        if (sandbox is null) problems.Add("README.md: no block marked <!-- example: sandbox -->");
        return new ReadmeExamples
        {
            Setup = setup ?? "",
            SandboxCommand = sandbox ?? "",
            Sections = sections.Where(s => s.Value.Count > 0).ToDictionary(s => s.Key, s => (IReadOnlyList<ExampleStep>)s.Value),
            Problems = problems,
        };
    }

    /// <summary>The annotation on the last non-blank line before a fence, if that line is one.</summary>
    private static string? AnnotationBefore(IReadOnlyList<string> lines, int fence)
    {
        var i = fence - 1;
        while (i >= 0 && lines[i].Trim().Length == 0) i--;
        if (i < 0) return null;
        var line = lines[i].Trim();
        return line.StartsWith(AnnotationPrefix, StringComparison.Ordinal) && line.EndsWith("-->", StringComparison.Ordinal)
            ? line[AnnotationPrefix.Length..^3].Trim()
            : null;
    }

    /// <summary>
    /// <c>$ </c> lines are commands; the lines after one, up to the next, are its output. Lines starting with
    /// <c># </c> there are the transcript's comments, not output; trailing blank lines are dropped.
    /// </summary>
    private static List<ExampleCommand> Commands(List<string> body, int fenceLine)
    {
        var commands = new List<ExampleCommand>();
        for (var i = 0; i < body.Count; i++)
        {
            if (!body[i].StartsWith("$ ", StringComparison.Ordinal)) continue;
            var expected = new List<string>();
            var j = i + 1;
            for (; j < body.Count && !body[j].StartsWith("$ ", StringComparison.Ordinal); j++)
            {
                if (!body[j].StartsWith("# ", StringComparison.Ordinal)) expected.Add(body[j]);
            }
            while (expected.Count > 0 && expected[^1].Trim().Length == 0) expected.RemoveAt(expected.Count - 1);
            commands.Add(new ExampleCommand(fenceLine + 1 + i, body[i][2..], expected.Count == 0 ? null : expected));
            i = j - 1;
        }
        return commands;
    }

    private static readonly Regex ShellState = new(@"^(export\s|cd\s|\w+=\S*\s*(#.*)?$)", RegexOptions.CultureInvariant);

    /// <summary>Port numbers in commands and outputs (<c>--port N</c>, <c>127.0.0.1:N</c>).</summary>
    public static readonly Regex Port = new(@"(?<=127\.0\.0\.1:|--port )(\d{2,5})\b", RegexOptions.CultureInvariant);
}
