using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using Polly.Timeout;
using SamlAssume.IdP.OneLogin;

namespace SamlAssume.Net;

/// <summary>
/// What happened to a request, in words a user can act on — "no answer within 30 s", "connection refused",
/// "connection reset" — and a hint, for retry warnings and final errors. Never a .NET exception's type name: those
/// stay in the --verbose trace (Cli/VerboseTrace). Reads the whole chain of inner exceptions, because the AWS SDK and
/// HttpClient wrap the socket's reason in their own exceptions.
/// </summary>
public sealed record NetworkFailureReason(string Text, string Hint)
{
    private const string CheckNetwork = "check the network or proxy";

    /// <param name="timeout">The request timeout in force (--http-timeout), named when the server did not answer within it.</param>
    public static NetworkFailureReason Of(Exception exception, TimeSpan timeout)
    {
        var chain = Chain(exception).ToList();
        if (chain.Any(e => e is TimeoutRejectedException or TimeoutException or TaskCanceledException)
            || chain.OfType<OneLoginException>().Any(e => e.Kind == OneLoginErrorKind.Timeout))
        {
            return NoAnswer(timeout);
        }
        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket) return OfSocket(socket);
        if (chain.OfType<HttpRequestException>().FirstOrDefault(e => e.HttpRequestError != HttpRequestError.Unknown) is { } http)
        {
            if (OfHttp(http.HttpRequestError) is { } reason) return reason;
        }
        if (chain.Any(e => e is IOException)) return new("connection closed before an answer", CheckNetwork);
        if (chain.OfType<AmazonServiceException>().FirstOrDefault(e => e.StatusCode != 0) is { } aws)
        {
            return new($"HTTP {(int)aws.StatusCode} {aws.ErrorCode}".TrimEnd(), "");
        }
        if (chain.OfType<OneLoginException>().FirstOrDefault() is { } oneLogin) return new(oneLogin.Message, "");
        return new("network error", CheckNetwork);
    }

    /// <summary>The server took the request and sent no whole answer within the timeout.</summary>
    public static NetworkFailureReason NoAnswer(TimeSpan timeout) =>
        new($"no answer within {timeout.TotalSeconds:0.#} s", "check the network or proxy, or raise --http-timeout");

    /// <summary>" (hint)" for the end of a line, or nothing.</summary>
    public string InParentheses => Hint.Length == 0 ? "" : $" ({Hint})";

    private static NetworkFailureReason OfSocket(SocketException socket) => socket.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => new("connection refused", "nothing listens there: check the endpoint's address and port, the network or proxy"),
        SocketError.ConnectionReset or SocketError.ConnectionAborted or SocketError.Shutdown => new("connection reset", CheckNetwork),
        SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => new("host name not found", "check the address and DNS"),
        SocketError.NetworkUnreachable or SocketError.HostUnreachable or SocketError.NetworkDown => new("network unreachable", "check the network connection"),
        SocketError.TimedOut => new("no connection in time", "check the network or proxy, or raise --connect-timeout"),
        // The operating system's own words ("Permission denied"), which name no secret.
        _ => new(socket.Message.ReplaceLineEndings(" ").TrimEnd('.').ToLowerInvariant(), CheckNetwork),
    };

    private static NetworkFailureReason? OfHttp(HttpRequestError error) => error switch
    {
        HttpRequestError.NameResolutionError => new("host name not found", "check the address and DNS"),
        HttpRequestError.ConnectionError => new("could not connect", CheckNetwork),
        HttpRequestError.SecureConnectionError => new("TLS handshake failed", "check the proxy and the server's certificate"),
        HttpRequestError.ProxyTunnelError => new("the proxy refused the connection", "check HTTPS_PROXY"),
        HttpRequestError.ResponseEnded => new("connection closed before an answer", CheckNetwork),
        HttpRequestError.InvalidResponse => new("an answer that is not HTTP", "check the endpoint URL and proxy"),
        _ => null,
    };

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions.SelectMany(Chain)) yield return inner;
            }
        }
    }
}
