using Spectre.Console;

namespace SamlAssume;

/// <summary>
/// Everything a command touches outside its own arguments: the terminal, the environment, the home and working
/// directories, the clock and the network. Commands take it instead of reaching for <see cref="Console"/> or
/// <see cref="Environment"/>, so tests run the real command line in-process, in parallel, with fakes.
/// </summary>
/// <remarks>A record so that variants are <c>with</c> copies: a hand-written copy forgets the next property added.</remarks>
public sealed record CommandContext
{
    /// <summary>Machine-readable output (exports, JSON, tables a script may parse). Nothing else goes here.</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Human messages and errors, as whole lines: stderr, so <c>eval "$(samlassume …)"</c> stays clean.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Prompts and spinners, drawn on stderr. Plain messages go to <see cref="Error"/>, which never re-wraps a line.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Standard input as text, for <c>--password-stdin</c>-style reads.</summary>
    public required TextReader In { get; init; }

    /// <summary>True when a person can answer prompts (stdin is a terminal).</summary>
    public required bool IsInteractive { get; init; }

    public required ProcessEnvironment Environment { get; init; }

    public required string HomeDirectory { get; init; }

    public required string CurrentDirectory { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Cancelled by Ctrl-C: a prompt waiting for a key watches it and gives up at once (see <see cref="InterruptSignal"/>).</summary>
    public CancellationToken Interrupt { get; init; }

    /// <summary>
    /// Makes the handler behind every HTTP call — OneLogin's, and STS's through the AWS SDK — from the command's
    /// transport settings (connect timeout, proxy from <see cref="Environment"/>); tests may swap it.
    /// </summary>
    public Func<Net.HttpTransport, HttpMessageHandler> HttpHandlerFactory { get; init; } = Net.HttpTransport.CreateHandler;

    /// <summary>What the command's requests wait for right now; at a terminal a spinner shows it (Prompts/NetworkWaitSpinner).</summary>
    public Net.NetworkWaits NetworkWaits { get; init; } = new();

    /// <summary>
    /// Opens the controlling terminal for prompts when the standard streams belong to another program (the AWS CLI
    /// running credential_process); null when there is none. Tests hand in a scripted one.
    /// </summary>
    public Func<Prompts.ControllingTerminal?> OpenTerminal { get; init; } = () => null;

    /// <summary>
    /// Opens the keyring for secrets (the OneLogin password, the API client secret, long-lived AWS keys): on Linux the
    /// Secret Service on the session bus named by <see cref="Environment"/>'s DBUS_SESSION_BUS_ADDRESS.
    /// </summary>
    public Func<CommandContext, Keyring.ISecretStore> OpenKeyring { get; init; } = Keyring.SystemKeyring.Open;

    /// <summary>The real process: stdout, stderr, stdin, the process environment.</summary>
    public static CommandContext ForProcess()
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(System.Console.Error),
            Interactive = InteractionSupport.Detect,
        });
        return new CommandContext
        {
            Out = System.Console.Out,
            Error = System.Console.Error,
            Console = stderr,
            In = System.Console.In,
            IsInteractive = !System.Console.IsInputRedirected,
            Environment = ProcessEnvironment.FromProcess(),
            HomeDirectory = System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile),
            CurrentDirectory = Directory.GetCurrentDirectory(),
            OpenTerminal = () => Prompts.ControllingTerminal.TryOpen(ProcessEnvironment.FromProcess()),
            Interrupt = InterruptSignal.Token,
        };
    }

    /// <summary>The same context seen through extra environment variables (the demo points a login at its sandbox this way).</summary>
    public CommandContext WithEnvironment(IReadOnlyDictionary<string, string?> overrides) => this with { Environment = Environment.With(overrides) };

    /// <summary>
    /// The same context with prompts and progress on <paramref name="terminal"/> (interactive), or — with none —
    /// on stderr without prompts; stdout is closed to everything, because another program is parsing it.
    /// </summary>
    public CommandContext ForCredentialProcess(Prompts.ControllingTerminal? terminal) => this with
    {
        Out = TextWriter.Null,
        Error = terminal?.Writer ?? Error,
        Console = terminal?.Console ?? Console,
        IsInteractive = terminal is not null,
    };

    // The environment may hold ONELOGIN_PASSWORD: a printed context shows only where it points.
    public override string ToString() => $"CommandContext {{ Home = {HomeDirectory}, Cwd = {CurrentDirectory}, IsInteractive = {IsInteractive} }}";
}
