using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using SamlAssume.Aws;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Cli;

/// <summary>
/// The --verbose account of a failure: every exception in the chain with its type and stack frames, but a message
/// only when it comes from code known to build it secret-free (ours, or the runtime's socket, TLS and I/O errors).
/// Other messages — the AWS SDK's, which quote what a server answered, or a JSON parser's, which may quote a value —
/// are withheld, so a trace cannot carry a password, token, assertion or key whatever a library puts in it.
/// </summary>
public static class VerboseTrace
{
    public static string Format(Exception exception)
    {
        var text = new StringBuilder();
        var depth = 0;
        for (var e = exception; e is not null && depth < 16; e = e.InnerException, depth++)
        {
            text.Append(depth == 0 ? "" : " ---> ").Append(e.GetType().FullName).Append(": ")
                .AppendLine(IsSecretFree(e) ? e.Message.ReplaceLineEndings(" ") : "(message withheld: it may quote data sent or received)");
            if (e.StackTrace is { } frames) text.AppendLine(frames);
        }
        return text.ToString().TrimEnd();
    }

    private static bool IsSecretFree(Exception e) => e is CommandFailure or InvalidInput or SignInRefused or MfaFailed or ProfileRefreshBusy or StsUnavailable or OneLoginException or StsRefusal or CredentialsFileException
        or SamlFormatException or SocketException or AuthenticationException or TimeoutException or OperationCanceledException
        || e.GetType() == typeof(IOException) || e.GetType() == typeof(HttpRequestException) || e.GetType().FullName == "System.Net.Http.HttpIOException";
}
