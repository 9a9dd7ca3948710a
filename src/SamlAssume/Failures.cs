using Amazon.Runtime;
using SamlAssume.Aws;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Saml;

namespace SamlAssume;

// What can go wrong, said where it happens. Adapters throw these (or their own exceptions); FailureKinds.Of says what
// kind of failure each one is; only Cli/FailureReporter turns a kind into an exit code and the one-line error.
// Messages are one line, say what to do, and never carry a secret.

/// <summary>What the user gave — a flag, a configuration file, an answer, a missing terminal — cannot be used.</summary>
public sealed class InvalidInput(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A profile command's --profile names no configuration (no entry, no role profile it can follow): a usage error.</summary>
public sealed class UnnamedProfile(string message) : Exception(message);

/// <summary>The sign-in did not produce something AWS will take: no role, no usable RoleSessionName, an odd answer.</summary>
public sealed class SignInRefused(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>MFA failed: denied, timed out, codes rejected, no device.</summary>
public sealed class MfaFailed(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Another process has held a profile's refresh lock for too long.</summary>
public sealed class ProfileRefreshBusy(string message) : Exception(message);

/// <summary>Ctrl-C at a prompt that reads keys itself (the terminal's own signal does not reach it).</summary>
public sealed class Interrupted() : Exception("interrupted");

/// <summary>
/// The failure another process had while this one waited for its refresh lock: the same kind and message, so a herd
/// of processes makes one attempt (Cache/CachedRefresh).
/// </summary>
public sealed class SharedRefreshFailure(FailureKind kind, string message) : Exception(message)
{
    public FailureKind Kind { get; } = kind;
}

/// <summary>What kind of failure ended a command; the edge gives each its documented exit code.</summary>
public enum FailureKind
{
    Unexpected,
    Usage,
    SignInRefused,
    MfaFailed,
    AwsRefused,
    Network,
    CredentialsFile,
    Keyring,
    Interrupted,
    BrowserSignIn,
}

/// <summary>The one reading of an exception as a kind of failure and its one-line message.</summary>
public static class FailureKinds
{
    public static (FailureKind Kind, string Message) Of(Exception exception) => exception switch
    {
        InvalidInput e => (FailureKind.Usage, e.Message),
        UnnamedProfile e => (FailureKind.Usage, e.Message),
        SignInRefused e => (FailureKind.SignInRefused, e.Message),
        MfaFailed e => (FailureKind.MfaFailed, e.Message),
        ProfileRefreshBusy e => (FailureKind.CredentialsFile, e.Message),
        Interrupted e => (FailureKind.Interrupted, e.Message),
        SharedRefreshFailure e => (e.Kind, e.Message),
        Login.UnknownRoleException e => (FailureKind.Usage, e.Message),
        OneLoginException e => (KindOf(e.Kind), e.Message),
        SamlFormatException e => (FailureKind.SignInRefused, e.Message),
        SamlVerificationException e => (FailureKind.SignInRefused, e.Message),
        Aws.StsRefusal e => (FailureKind.AwsRefused, e.Message),
        Aws.FederationRefusal e => (FailureKind.AwsRefused, e.Message),
        Aws.StsUnavailable e => (FailureKind.Network, e.Message),
        Aws.CredentialsFileException e => (FailureKind.CredentialsFile, e.Message),
        Cache.CacheDirectoryException e => (FailureKind.CredentialsFile, e.Message),
        Keyring.KeyringUnavailableException e => (FailureKind.Keyring, e.Message),
        Sources.Browser.BrowserSignInFailed e => (FailureKind.BrowserSignIn, e.Message),
        // The IAM-user source's AWS side (SamlAssume.Aws.Sessions).
        // IAM and STS through the Query client (Aws/Iam).
        Sources.IamUser.RotationIncomplete e => (e.InnerException is { } inner ? Of(inner).Kind : FailureKind.AwsRefused, e.Message),
        Aws.Iam.AwsQueryException e => (e.Unavailable ? FailureKind.Network : FailureKind.AwsRefused, e.Message),
        SamlAssume.Aws.Sessions.AwsProfileException e => (FailureKind.Usage, e.Message),
        SamlAssume.Aws.Sessions.SharedFileException e => (FailureKind.Usage, e.Message),
        SamlAssume.Aws.Sessions.MfaCodeRejectedException e => (FailureKind.MfaFailed, e.Message),
        SamlAssume.Aws.Sessions.StsRefusedException e => (FailureKind.AwsRefused, e.Message),
        SamlAssume.Aws.Sessions.StsUnavailableException e => (FailureKind.Network, e.Message),
        SamlAssume.Aws.Sessions.StsAnswerUnreadableException e => (FailureKind.Network, e.Message),
        AmazonServiceException e => (FailureKind.AwsRefused, $"AWS refused the request: {e.ErrorCode} (HTTP {(int)e.StatusCode})"),
        HttpRequestException e => (FailureKind.Network, $"network error: {Net.NetworkFailureReason.Of(e, Net.HttpTransport.DefaultRequestTimeout).Text}"),
        Net.NetworkDeadlineExceededException e => (FailureKind.Network, e.Message),
        _ => (FailureKind.Unexpected, $"unexpected error ({exception.GetType().Name}); rerun with --verbose for details"),
    };

    public static FailureKind KindOf(OneLoginErrorKind kind) => kind switch
    {
        OneLoginErrorKind.FactorFailed or OneLoginErrorKind.StateTokenExpired => FailureKind.MfaFailed,
        OneLoginErrorKind.RateLimited or OneLoginErrorKind.ServerError or OneLoginErrorKind.UnexpectedResponse
            or OneLoginErrorKind.Network or OneLoginErrorKind.Timeout => FailureKind.Network,
        _ => FailureKind.SignInRefused,
    };
}
