namespace SamlAssume.Sandbox;

/// <summary>The kept signing key (<see cref="SandboxOptions.KeyDirectory"/>) cannot be read or written; the message names the path.</summary>
public sealed class SigningKeyException(string message, Exception inner) : Exception(message, inner);
