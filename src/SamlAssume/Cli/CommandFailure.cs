namespace SamlAssume.Cli;

/// <summary>
/// A failure the user can act on: a one-line message and an exit code. Thrown anywhere in a command and turned into
/// output in one place (<see cref="Cli.FailureReporter"/>). The message must never carry a secret.
/// </summary>
public sealed class CommandFailure(int exitCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;

    public static CommandFailure Usage(string message) => new(ExitCodes.Usage, message);
}
