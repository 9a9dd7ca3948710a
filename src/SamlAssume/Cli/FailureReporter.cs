using Amazon.Runtime;
using SamlAssume.Aws;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Cli;

/// <summary>
/// The one place where failures become output: a single line on stderr and a documented exit code. A stack trace
/// appears only with --verbose. Every message here was written to be secret-free where it was thrown.
/// </summary>
public static class FailureReporter
{
    public static async Task<int> RunAsync(TextWriter error, bool verbose, Func<Task<int>> action, CancellationToken cancellationToken)
    {
        try
        {
            return await action();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C is the user's choice, not an error.
            error.WriteLine("samlassume: interrupted");
            error.Flush();
            return ExitCodes.Interrupted;
        }
        catch (CommandFailure e) when (e.ExitCode == ExitCodes.Interrupted)
        {
            error.WriteLine($"samlassume: {e.Message}");
            error.Flush();
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            var (code, message) = Classify(e);
            Report(error, message, e, verbose);
            return code;
        }
    }

    public static (int ExitCode, string Message) Classify(Exception exception) => exception switch
    {
        CommandFailure failure => (failure.ExitCode, failure.Message),
        InvalidInput e => (ExitCodes.Usage, e.Message),
        SignInRefused e => (ExitCodes.SignInRefused, e.Message),
        MfaFailed e => (ExitCodes.MfaFailed, e.Message),
        ProfileRefreshBusy e => (ExitCodes.CredentialsFile, e.Message),
        OneLoginException e => (ExitCodeFor(e.Kind), e.Message),
        SamlFormatException e => (ExitCodes.SignInRefused, e.Message),
        SamlVerificationException e => (ExitCodes.SignInRefused, e.Message),
        StsRefusal e => (ExitCodes.AwsRefused, e.Message),
        FederationRefusal e => (ExitCodes.AwsRefused, e.Message),
        StsUnavailable e => (ExitCodes.Network, e.Message),
        CredentialsFileException e => (ExitCodes.CredentialsFile, e.Message),
        Cache.CacheDirectoryException e => (ExitCodes.CredentialsFile, e.Message),
        Keyring.KeyringUnavailableException e => (ExitCodes.Keyring, e.Message),
        // The IAM-user source's AWS side (SamlAssume.Aws.Sessions).
        Aws.Sessions.AwsProfileException e => (ExitCodes.Usage, e.Message),
        Aws.Sessions.MfaCodeRejectedException e => (ExitCodes.MfaFailed, e.Message),
        Aws.Sessions.StsRefusedException e => (ExitCodes.AwsRefused, e.Message),
        Aws.Sessions.StsUnavailableException e => (ExitCodes.Network, e.Message),
        AmazonServiceException e => (ExitCodes.AwsRefused, $"AWS refused the request: {e.ErrorCode} (HTTP {(int)e.StatusCode})"),
        HttpRequestException e => (ExitCodes.Network, $"network error: {e.HttpRequestError}"),
        Net.NetworkDeadlineExceededException e => (ExitCodes.Network, e.Message),
        _ => (ExitCodes.Unexpected, $"unexpected error ({exception.GetType().Name}); rerun with --verbose for details"),
    };

    public static int ExitCodeFor(OneLoginErrorKind kind) => kind switch
    {
        OneLoginErrorKind.FactorFailed or OneLoginErrorKind.StateTokenExpired => ExitCodes.MfaFailed,
        OneLoginErrorKind.RateLimited or OneLoginErrorKind.ServerError or OneLoginErrorKind.UnexpectedResponse
            or OneLoginErrorKind.Network or OneLoginErrorKind.Timeout => ExitCodes.Network,
        _ => ExitCodes.SignInRefused,
    };

    private static void Report(TextWriter error, string message, Exception? exception, bool verbose)
    {
        error.WriteLine($"samlassume: error: {message.ReplaceLineEndings(" ").Trim()}");
        if (verbose && exception is not null)
        {
            // Frames carry only type and method names; messages only where known to be secret-free.
            error.WriteLine(VerboseTrace.Format(exception));
        }
        error.Flush();
    }
}
