namespace SamlAssume.Aws.Sessions;

/// <summary>What an MFA code is asked for: which source profile, which device.</summary>
public sealed record MfaCodeRequest(string SourceProfile, string SerialNumber);

/// <summary>
/// Supplies one MFA code when a new session is needed (a prompt, an authenticator, a test's TOTP). Called at most once
/// per session: a code STS saw is never sent again, and a refused one is not retried.
/// </summary>
public delegate ValueTask<string> MfaCodeProvider(MfaCodeRequest request, CancellationToken cancellationToken);
