using System.CommandLine;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// What every command shares (Git Credential Manager's CommandBase): the context, <c>--verbose</c>, a progress log on
/// stderr, and the one catch that turns a failure into one line and its exit code (<see cref="FailureReporter"/>).
/// A command declares its options and implements <see cref="ExecuteAsync"/>: bind an input record, call one strategy.
/// </summary>
public abstract class SamlAssumeCommand : Command
{
    private readonly Option<bool>? verbose;

    /// <param name="verbose">The option that turns on details and stack traces; null when the command has none.</param>
    protected SamlAssumeCommand(CommandContext context, string name, string description, Option<bool>? verbose) : base(name, description)
    {
        Context = context;
        this.verbose = verbose;
        SetAction((result, cancellationToken) =>
        {
            var isVerbose = verbose is not null && result.GetValue(verbose);
            return FailureReporter.RunAsync(context.Error, isVerbose, async () =>
            {
                // Erased before the command's failure line, which FailureReporter writes after this returns.
                using var spinner = ShowsNetworkWaits ? Prompts.NetworkWaitSpinner.ShowOn(context) : null;
                return await ExecuteAsync(result, new ProgressLog(spinner?.Lines ?? context.Error, isVerbose), cancellationToken);
            }, cancellationToken);
        });
    }

    protected CommandContext Context { get; }

    /// <summary>False for a command whose stderr belongs to a server in the foreground or a command it runs in-process: no spinner of its own.</summary>
    protected virtual bool ShowsNetworkWaits => true;

    /// <summary>Adds options and arguments in the order help shows them.</summary>
    protected void Add(params Symbol[] symbols)
    {
        foreach (var symbol in symbols)
        {
            if (symbol is Argument argument) Arguments.Add(argument);
            else Options.Add((Option)symbol);
        }
    }

    /// <summary>The command itself; a failure is thrown, never printed here.</summary>
    protected abstract Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken);
}

/// <summary>
/// A command that serves one profile's credentials (credential-process, env, exec, console): its own flags checked
/// first (<see cref="Check"/>), then the credentials from the cache or one sign-in for either source
/// (Login/ProfileCredentialSource), then <see cref="UseAsync"/>.
/// </summary>
public abstract class ProfileCommand : SamlAssumeCommand
{
    private readonly bool promptOnTerminal;

    /// <param name="promptOnTerminal">Sign-in prompts go to /dev/tty (credential_process: stdio belongs to the AWS CLI).</param>
    /// <param name="positional">Whether the profile may be given as the command's argument (exec splits its own arguments).</param>
    protected ProfileCommand(CommandContext context, string name, string description, bool promptOnTerminal, bool positional = true)
        : this(context, name, description, promptOnTerminal, new ProfileOptions(context), positional)
    {
    }

    private ProfileCommand(CommandContext context, string name, string description, bool promptOnTerminal, ProfileOptions options, bool positional)
        : base(context, name, description, options.Verbose)
    {
        this.promptOnTerminal = promptOnTerminal;
        Profile = options;
        options.AddTo(this, positional);
    }

    protected ProfileOptions Profile { get; }

    /// <summary>The command's own flags, checked before any sign-in.</summary>
    protected virtual void Check(ParseResult result)
    {
    }

    protected sealed override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        Check(result);
        var credentials = await new Login.ProfileCredentialSource(Context, log)
            .GetAsync(Profile.Bind(result), Profile.MinRemainingOf(result), promptOnTerminal, cancellationToken);
        return await UseAsync(result, credentials, log, cancellationToken);
    }

    protected abstract Task<int> UseAsync(ParseResult result, Cache.CachedCredentials credentials, ProgressLog log, CancellationToken cancellationToken);
}
