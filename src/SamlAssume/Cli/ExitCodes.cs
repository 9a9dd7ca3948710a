using SamlAssume.Aws;

namespace SamlAssume.Cli;

/// <summary>The documented exit codes (README, "Exit codes"). Scripts depend on these numbers: never renumber.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A bug or something we did not foresee; the message says to rerun with --verbose.</summary>
    public const int Unexpected = 1;
    /// <summary>Bad command line, missing or malformed configuration, a choice that needs a terminal.</summary>
    public const int Usage = 2;
    /// <summary>OneLogin refused the sign-in (API credentials, user credentials, subdomain, app, no role), or the assertion failed local verification against the IdP certificate (the message names the rule).</summary>
    public const int SignInRefused = 3;
    /// <summary>MFA failed, was denied or timed out.</summary>
    public const int MfaFailed = 4;
    /// <summary>AWS STS refused the assertion or the role.</summary>
    public const int AwsRefused = 5;
    /// <summary>Network trouble: unreachable, timed out, throttled, 5xx, a proxy's HTML page.</summary>
    public const int Network = 6;
    /// <summary>The credentials file could not be read or written safely (locked too long, read-only, not a regular file), or the cache directory belongs to someone else.</summary>
    public const int CredentialsFile = 7;
    /// <summary>The keyring was needed (a <c>keyring</c> command, <c>"client_secret": "keyring:"</c>, <c>init --keyring</c>, an IAM user's keys kept only there) but is absent, locked or failed.</summary>
    public const int Keyring = 8;
    /// <summary>The browser sign-in (<c>--browser</c>) ended without a SAMLResponse: the window was closed, the IdP posted nothing within <c>--browser-timeout</c>, it needs a window that cannot open, or the browser did not start.</summary>
    public const int BrowserSignIn = 9;
    /// <summary><c>exec</c>: the command was found but cannot be run (not executable, a directory), as shells report it.</summary>
    public const int CommandNotExecutable = 126;
    /// <summary><c>exec</c>: no such command, as shells report it.</summary>
    public const int CommandNotFound = 127;
    /// <summary>Ctrl-C (128 + SIGINT), as shells report it.</summary>
    public const int Interrupted = 130;

    /// <summary>The documented code of each kind of failure (the only place a kind becomes a number).</summary>
    public static int For(FailureKind kind) => kind switch
    {
        FailureKind.Usage => Usage,
        FailureKind.SignInRefused => SignInRefused,
        FailureKind.MfaFailed => MfaFailed,
        FailureKind.AwsRefused => AwsRefused,
        FailureKind.Network => Network,
        FailureKind.CredentialsFile => CredentialsFile,
        FailureKind.Keyring => Keyring,
        FailureKind.Interrupted => Interrupted,
        FailureKind.BrowserSignIn => BrowserSignIn,
        _ => Unexpected,
    };

    /// <summary>0 when a strategy succeeded, else the code of what failed first.</summary>
    public static int For(FailureKind? failed) => failed is { } kind ? For(kind) : Ok;
}
