using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace SamlAssume.Cli;

/// <summary>
/// What <c>--help</c> prints. The root: a short map (everyday commands first, one line each, then the others) that
/// fits a screen, although the root also parses every login option (<c>samlassume -u … -p …</c> is a login). A
/// command that groups its options (<c>login</c>: sign-in, MFA, role, output, …) gets one heading per group, the
/// everyday ones first. Every command: each default printed once — in the description when it says
/// "(default …)", else as the parser's <c>[default: …]</c>.
/// </summary>
public static class HelpLayout
{
    /// <summary>The commands a new user needs, in the order the root map shows them, with their one-line summary.</summary>
    public static readonly (string Name, string Usage, string Summary)[] Everyday =
    [
        ("login", "login", "Sign in and write a role's credentials into a profile (the default command)"),
        ("env", "env [PROFILE]", "Print a profile's credentials as environment variables"),
        ("exec", "exec [PROFILE] -- CMD", "Run CMD (or $SHELL) with a profile's credentials"),
        ("list", "list", "The profiles SamlAssume can serve, and their cached credentials"),
        ("console", "console [PROFILE]", "Open the AWS console as a profile's role"),
        ("credential-process", "credential-process", "credential_process for ~/.aws/config (cached, signs in when needed)"),
        ("roles", "roles", "List the AWS roles your sign-in grants"),
        ("demo", "demo", "Try a whole login against the built-in sandbox (no accounts needed)"),
    ];

    /// <summary>One-line summaries of the other commands; a command not named here shows its description's first clause.</summary>
    private static readonly Dictionary<string, string> Summaries = new(StringComparer.Ordinal)
    {
        ["serve"] = "Serve a profile's credentials to SDKs on 127.0.0.1 until Ctrl-C",
        ["assume-role"] = "IAM user + MFA: assume roles into their profiles",
        ["session-token"] = "IAM user + MFA: print or write the MFA session",
        ["set-default"] = "Copy a profile's temporary credentials into [default]",
        ["init"] = "Store an IAM user's long-lived keys (file or keyring)",
        ["clear-cache"] = "Delete cached credentials, assertions and MFA sessions",
        ["keyring"] = "Passwords, client secret and AWS keys in the system keyring",
        ["idp-cert"] = "Download and pin the IdP's signing certificate",
        ["assertion"] = "Inspect a saved SAML assertion",
        ["sandbox"] = "Run the local OneLogin and STS stand-in",
        ["completion"] = "Print a tab-completion script (bash, zsh, fish)",
    };

    private static readonly ConditionalWeakTable<Command, IReadOnlyList<(string Heading, Option[] Options)>> Groups = new();

    /// <summary>Shows <paramref name="command"/>'s options under these headings, in this order; any other option under "Other options".</summary>
    public static void GroupOptions(Command command, IReadOnlyList<(string Heading, Option[] Options)> groups) => Groups.AddOrUpdate(command, groups);

    /// <summary>Installs the layout on the root's help option (it is recursive: every command's help goes through it).</summary>
    public static void Install(RootCommand root, TextWriter output)
    {
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            // "/?" and "/h" are Windows spellings that shell completion would offer on every empty word.
            help.Aliases.Remove("/?");
            help.Aliases.Remove("/h");
            help.Action = new Action(output);
        }
    }

    private sealed class Action(TextWriter output) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            output.Write(command is RootCommand ? RootMap(command) : Help(command));
            output.Flush();
            return 0;
        }
    }

    private const int Width = 100;

    /// <summary>The root's help: a map of the commands that fits a screen.</summary>
    public static string RootMap(Command root)
    {
        var text = new StringWriter();
        text.WriteLine("SamlAssume: sign in with OneLogin (or as an IAM user with MFA) and get temporary AWS credentials.");
        text.WriteLine();
        text.WriteLine("Usage: samlassume COMMAND [OPTIONS]");
        text.WriteLine("       samlassume [LOGIN OPTIONS]   (no command: login, with the flags of OneLogin's tool)");
        text.WriteLine();
        var visible = root.Subcommands.Where(c => !c.Hidden).ToList();
        text.WriteLine("Everyday commands:");
        Columns(text, Everyday.Where(e => visible.Any(c => c.Name == e.Name)).Select(e => (e.Usage, e.Summary)).ToList());
        text.WriteLine();
        text.WriteLine("More commands:");
        Columns(text, visible.Where(c => Everyday.All(e => e.Name != c.Name)).Select(c => (c.Name, SummaryOf(c))).ToList());
        text.WriteLine();
        text.WriteLine("Run `samlassume COMMAND --help` for a command's options (`samlassume login --help`: the login flags).");
        text.WriteLine("Options: -h, --help (this map), --version");
        return text.ToString();
    }

    /// <summary>A command's one line in the root map.</summary>
    public static string SummaryOf(Command command)
    {
        if (Summaries.TryGetValue(command.Name, out var summary)) return summary;
        var description = (command.Description ?? "").ReplaceLineEndings(" ");
        var end = description.IndexOfAny([':', '(', ';']);
        var clause = (end > 0 ? description[..end] : description).Trim();
        return clause.Length <= 70 ? clause : clause[..67] + "...";
    }

    /// <summary>A command's help: description, usage, arguments, options (under headings when the command groups them), subcommands.</summary>
    public static string Help(Command command)
    {
        var text = new StringWriter();
        var path = ParseErrorLine.PathOf(command);
        if (!string.IsNullOrEmpty(command.Description))
        {
            text.WriteLine("Description:");
            text.WriteLine("  " + command.Description.ReplaceLineEndings("\n  "));
            text.WriteLine();
        }
        var arguments = command.Arguments.Where(a => !a.Hidden).ToList();
        var usage = new List<string> { path };
        if (command.Subcommands.Any(c => !c.Hidden)) usage.Add("[command]");
        usage.AddRange(arguments.Select(a => a.Name.StartsWith('[') ? a.Name + "]" : a.Arity.MinimumNumberOfValues == 0 ? $"[{a.Name}]" : a.Name));
        usage.Add("[options]");
        text.WriteLine("Usage:");
        text.WriteLine("  " + string.Join(' ', usage));
        if (arguments.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Arguments:");
            Columns(text, arguments.Select(a => (a.Name.StartsWith('[') ? a.Name + "]" : a.Name, a.Description ?? "")).ToList());
        }
        var options = AllOptions(command).Where(o => !o.Hidden).ToList();
        var groups = Groups.TryGetValue(command, out var named) ? named : [];
        var shown = new HashSet<Option>();
        foreach (var (heading, members) in groups.Append(((groups.Count > 0 ? "Other options:" : "Options:"), options.ToArray())))
        {
            var rows = members.Where(options.Contains).Where(shown.Add).ToList();
            if (rows.Count == 0) continue;
            text.WriteLine();
            text.WriteLine(heading);
            Columns(text, rows.Select(o => (Label(o), Describe(o))).ToList());
        }
        var subcommands = command.Subcommands.Where(c => !c.Hidden).ToList();
        if (subcommands.Count > 0)
        {
            text.WriteLine();
            text.WriteLine("Commands:");
            Columns(text, subcommands.Select(c => (string.Join(' ', c.Arguments.Where(a => !a.Hidden).Select(a => $"<{a.Name}>").Prepend(c.Name)), c.Description ?? "")).ToList());
        }
        return text.ToString();
    }

    /// <summary><c>-p, --profile &lt;profile&gt;</c>: the short spellings first, then the name, then the value's placeholder.</summary>
    public static string Label(Option option)
    {
        var names = option.Aliases.Append(option.Name).Distinct().OrderBy(n => n.StartsWith("--", StringComparison.Ordinal)).ThenBy(n => n.Length);
        var label = string.Join(", ", names);
        return option.ValueType == typeof(bool) || option.Arity.MaximumNumberOfValues == 0 ? label : $"{label} <{option.Name.TrimStart('-')}>";
    }

    /// <summary>Two columns, the second wrapped to the width.</summary>
    private static void Columns(TextWriter text, IReadOnlyList<(string First, string Second)> rows)
    {
        if (rows.Count == 0) return;
        var first = Math.Min(rows.Max(r => r.First.Length), 40);
        var room = Math.Max(30, Width - first - 4);
        foreach (var (label, description) in rows)
        {
            var lines = Wrap(description, room);
            if (label.Length > first)
            {
                text.WriteLine("  " + label);
                foreach (var line in lines) text.WriteLine(new string(' ', first + 4) + line);
                continue;
            }
            text.WriteLine(("  " + label.PadRight(first) + "  " + lines.FirstOrDefault()).TrimEnd());
            foreach (var line in lines.Skip(1)) text.WriteLine(new string(' ', first + 4) + line);
        }
    }

    private static List<string> Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    lines.Add(line);
                    line = word;
                }
                else line = line.Length == 0 ? word : line + " " + word;
            }
            lines.Add(line);
        }
        return lines;
    }

    /// <summary>The command's own options, then the recursive ones of its parents (--help), as the default layout shows them.</summary>
    private static IEnumerable<Option> AllOptions(Command command)
    {
        foreach (var option in command.Options) yield return option;
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
        {
            foreach (var option in parent.Options.Where(o => o.Recursive)) yield return option;
        }
    }

    /// <summary>The description, and the default once: not again when the description already says "(default …)".</summary>
    public static string Describe(Option option)
    {
        var description = option.Description ?? "";
        if (!option.HasDefaultValue || option.ValueType == typeof(bool) || description.Contains("(default", StringComparison.Ordinal)) return description;
        var value = option.GetDefaultValue()?.ToString();
        return string.IsNullOrEmpty(value) ? description : $"{description} (default {value})";
    }
}
