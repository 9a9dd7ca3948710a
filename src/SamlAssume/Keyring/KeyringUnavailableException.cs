namespace SamlAssume.Keyring;

/// <summary>Why the keyring could not serve: there is none, it is locked, or it failed.</summary>
public enum KeyringProblem
{
    /// <summary>No keyring on this system or session (no D-Bus session bus, nothing owns org.freedesktop.secrets, an unsupported OS).</summary>
    Absent,
    /// <summary>The keyring exists but is locked; SamlAssume never shows an unlock dialog of its own.</summary>
    Locked,
    /// <summary>It answered with an error or not in time.</summary>
    Failed,
}

/// <summary>
/// The keyring cannot be used. <see cref="Exception.Message"/> is one line saying what to do, and never carries a secret.
/// A login only warns and asks as usual; the <c>keyring</c> commands and <c>"client_secret": "keyring:"</c> fail with it.
/// </summary>
public sealed class KeyringUnavailableException(KeyringProblem problem, string message, Exception? inner = null) : Exception(message, inner)
{
    public KeyringProblem Problem { get; } = problem;
}
