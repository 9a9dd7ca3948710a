using Amazon.Runtime;
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
        catch (Exception e) when (e is Interrupted || e is CommandFailure { ExitCode: ExitCodes.Interrupted })
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

    public static (int ExitCode, string Message) Classify(Exception exception)
    {
        if (exception is CommandFailure failure) return (failure.ExitCode, failure.Message);
        var (kind, message) = FailureKinds.Of(exception);
        return (ExitCodes.For(kind), message);
    }

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
