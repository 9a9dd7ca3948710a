using System.CommandLine;
using SamlAssume.Configuration;

namespace SamlAssume.Cli;

/// <summary>
/// The one line a parse error gets: the parser's message (number options rewritten by <see cref="OptionUnits"/>), a
/// "did you mean" for a mistyped flag or command (as git and the AWS CLI do), and the help to read.
/// </summary>
public static class ParseErrorLine
{
    /// <summary>The error line, or null when the command line parsed and names no mistyped flag.</summary>
    public static string? Of(ParseResult result) =>
        MistypedFlag(result) is { } line ? line : result.Errors.Count > 0 ? For(result) : null;

    /// <summary>
    /// A near miss of a known flag that the parser took as an argument (<c>env --profle dev</c> would otherwise make
    /// "--profle" the profile): reported with the flag it probably meant. A word after <c>--</c> is never one, nor a
    /// word that is no near miss (exec passes unknown flags to its command).
    /// </summary>
    private static string? MistypedFlag(ParseResult result)
    {
        var command = result.CommandResult.Command;
        var tokens = result.Tokens;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash) return null;
            if (token.Type != System.CommandLine.Parsing.TokenType.Argument || !token.Value.StartsWith("--", StringComparison.Ordinal) || token.Value == "--") continue;
            if (i > 0 && tokens[i - 1].Type == System.CommandLine.Parsing.TokenType.Option && TakesValue(command, tokens[i - 1].Value)) continue;
            var flags = FlagsOf(command).ToList();
            var name = token.Value.Split('=')[0];
            if (flags.Contains(name)) continue;
            if (NearestName.Among(name, flags) is { } near) return $"unknown option '{token.Value}'; did you mean {near}? (see {PathOf(command)} --help)";
        }
        return null;
    }

    private static bool TakesValue(Command command, string flag) =>
        command.Options.Concat(Ancestors(command).SelectMany(c => c.Options)).FirstOrDefault(o => o.Name == flag || o.Aliases.Contains(flag)) is { } option
        && option.Arity.MaximumNumberOfValues > 0;

    private static string For(ParseResult result)
    {
        var command = result.CommandResult.Command;
        var see = $"(see {PathOf(command)} --help)";
        if (result.UnmatchedTokens.FirstOrDefault() is { } unmatched && result.Errors.Any(e => e.Message.Contains($"'{unmatched}'", StringComparison.Ordinal)))
        {
            var isFlag = unmatched.StartsWith('-');
            var what = isFlag ? "unknown option" : command.Subcommands.Count > 0 ? "unknown command or argument" : "unexpected argument";
            var guess = NearestName.Among(isFlag ? unmatched.Split('=')[0] : unmatched, isFlag ? FlagsOf(command) : command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name)) is { } near
                ? $"; did you mean {near}?" : "";
            return $"{what} '{unmatched}'{guess} {see}";
        }
        return $"{OptionUnits.Describe(result.Errors[0])} {see}";
    }

    /// <summary>Every spelling of every option the command takes, its parents' recursive ones included (--help).</summary>
    private static IEnumerable<string> FlagsOf(Command command)
    {
        var options = command.Options.AsEnumerable();
        foreach (var parent in Ancestors(command)) options = options.Concat(parent.Options.Where(o => o.Recursive));
        return options.SelectMany(o => o.Aliases.Append(o.Name)).Where(n => n.StartsWith("--", StringComparison.Ordinal)).Distinct();
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            yield return parent;
    }

    /// <summary><c>samlassume keyring set</c>: how the user reaches <paramref name="command"/>.</summary>
    public static string PathOf(Command command) =>
        string.Join(" ", Ancestors(command).Reverse().Select(c => c is RootCommand ? "samlassume" : c.Name)
            .Append(command is RootCommand ? "samlassume" : command.Name));
}
