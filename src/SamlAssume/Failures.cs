namespace SamlAssume;

// What can go wrong, said where it happens; Cli/FailureReporter alone turns these into exit codes and the one-line
// error. Messages are one line, say what to do, and never carry a secret.

/// <summary>What the user gave — a flag, a configuration file, an answer, a missing terminal — cannot be used.</summary>
public sealed class InvalidInput(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The sign-in did not produce something AWS will take: no role, no usable RoleSessionName, an odd answer.</summary>
public sealed class SignInRefused(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>MFA failed: denied, timed out, codes rejected, no device.</summary>
public sealed class MfaFailed(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another process has held a profile's refresh lock for too long.</summary>
public sealed class ProfileRefreshBusy(string message) : Exception(message);
