using System.CommandLine;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume completion bash|zsh|fish</c>: a script for the shell's tab completion. Each asks the tool itself
/// through System.CommandLine's <c>[suggest:POSITION]</c> directive, so completions always match the installed
/// version's commands and options, and nothing else (no dotnet-suggest) has to be installed.
/// </summary>
public sealed class CompletionCommand : SamlAssumeCommand
{
    public static readonly string[] Shells = ["bash", "zsh", "fish"];

    private readonly Argument<string> shell = new("shell") { Description = "bash, zsh or fish" };

    public CompletionCommand(CommandContext context)
        : base(context, "completion", "Print a tab-completion script: eval \"$(samlassume completion bash)\" in ~/.bashrc (zsh, fish: see the README)", verbose: null)
    {
        shell.CompletionSources.Add(Shells);
        Add(shell);
    }

    protected override Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        Context.Out.Write(Script(result.GetValue(shell)!));
        Context.Out.Flush();
        return Task.FromResult(ExitCodes.Ok);
    }

    public static string Script(string shell) => shell switch
    {
        "bash" => Bash,
        "zsh" => Zsh,
        "fish" => Fish,
        _ => throw CommandFailure.Usage($"completion: no script for \"{shell}\"; the shells are {string.Join(", ", Shells)}"),
    };

    // The line up to the cursor, its first word replaced by our name (the directive expects it), and its length as
    // the position. Nothing suggested (a file or directory argument): the shell's own file completion.
    private const string Bash = """
        # samlassume tab completion for bash. Load it from ~/.bashrc:  eval "$(samlassume completion bash)"
        _samlassume_complete() {
            local line="${COMP_LINE:0:$COMP_POINT}"
            line="samlassume${line#"${COMP_WORDS[0]}"}"
            local IFS=$'\n'
            COMPREPLY=($(compgen -W "$("${COMP_WORDS[0]}" "[suggest:${#line}]" "$line" 2>/dev/null)" -- "${COMP_WORDS[COMP_CWORD]}"))
        }
        complete -o default -o bashdefault -F _samlassume_complete samlassume

        """;

    private const string Zsh = """
        # samlassume tab completion for zsh. Load it from ~/.zshrc, after compinit:  source <(samlassume completion zsh)
        _samlassume() {
            local line="${BUFFER[1,CURSOR]}"
            line="samlassume${line#${words[1]}}"
            local -a suggestions
            suggestions=("${(@f)$(${words[1]} "[suggest:${#line}]" "$line" 2>/dev/null)}")
            if (( ${#suggestions} )) && [[ -n "${suggestions[1]}" ]]; then
                compadd -- "${suggestions[@]}"
            else
                _files
            fi
        }
        compdef _samlassume samlassume

        """;

    private const string Fish = """
        # samlassume tab completion for fish. Load it:  samlassume completion fish > ~/.config/fish/completions/samlassume.fish
        function __samlassume_complete
            set -l line (commandline -cp)
            set -l first (string split -m 1 ' ' -- $line)[1]
            set line samlassume(string sub -s (math (string length -- $first) + 1) -- $line)
            set -l suggestions (command samlassume "[suggest:"(string length -- $line)"]" "$line" 2>/dev/null | string match -v "")
            if test (count $suggestions) -gt 0
                printf '%s\n' $suggestions
            else
                __fish_complete_path (commandline -ct)
            end
        end
        complete -c samlassume -f -a '(__samlassume_complete)'

        """;
}
