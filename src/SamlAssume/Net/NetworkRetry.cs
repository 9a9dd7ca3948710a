using System.Net;
using Amazon.Runtime;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using SamlAssume.IdP.OneLogin;

namespace SamlAssume.Net;

/// <summary>
/// Every retry decision of the tool, in one place. Retried: OneLogin's token call and STS AssumeRoleWithSAML, on
/// 429, 5xx, timeouts and network failures, up to <see cref="MaxRetries"/> times with jittered exponential backoff
/// (Polly's decorrelated jitter), waiting what <c>Retry-After</c> / <c>X-RateLimit-Reset</c> ask when they ask for at most
/// <see cref="MaxServerRequestedWait"/>. Never retried: the password (saml_assertion) and MFA (verify_factor) calls,
/// whatever the failure — a password OneLogin saw twice counts twice towards locking the account, and a 5xx or a
/// timeout does not tell us whether it was seen (docs/RELIABILITY.md). STS retries use this policy instead of the
/// AWS SDK's (MaxErrorRetry = 0), so both services back off the same way and the log says so. One instance per
/// login (<see cref="Login.LoginPipeline"/>), handed to its identity source: a caller that retries whole runs itself
/// (<see cref="Login.LoginLoop"/>) turns the STS retries off, so no call is ever retried by two layers.
/// </summary>
public sealed class NetworkRetry(ProgressLog log, TimeProvider clock)
{
    public const int MaxRetries = 3;
    public static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(200);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(8);
    /// <summary>A server asking for a longer wait gets an error saying when to try again, instead of a silent hang.</summary>
    public static readonly TimeSpan MaxServerRequestedWait = TimeSpan.FromSeconds(30);

    /// <summary>False while the caller retries STS failures itself (<see cref="Login.LoginLoop"/>'s later runs).</summary>
    public bool RetriesSts { get; set; } = true;

    /// <summary>For <see cref="OneLoginApiClient"/>'s token call.</summary>
    public ResiliencePipeline ForOneLoginToken() =>
        Build("OneLogin token request", IsTransientOneLogin, e => (e as OneLoginException)?.RetryAfter, () => true);

    /// <summary>
    /// For AssumeRoleWithSAML: an assertion may be redeemed more than once while valid, so a retry is harmless.
    /// Each attempt gets <paramref name="attemptTimeout"/> from Polly rather than from HttpClient.Timeout: the SDK
    /// resends at once, uncounted, a request whose HttpClient timeout raced a closing connection, even with
    /// MaxErrorRetry = 0 (seen as 5 requests for 4 attempts); a cancelled token it never resends.
    /// </summary>
    public ResiliencePipeline ForSts(string call, TimeSpan attemptTimeout) =>
        Build($"AWS STS {call}", IsTransientSts, _ => null, () => RetriesSts, attemptTimeout);

    public static bool IsTransientOneLogin(Exception exception) => exception is OneLoginException e && e.Kind switch
    {
        OneLoginErrorKind.RateLimited or OneLoginErrorKind.ServerError or OneLoginErrorKind.Network or OneLoginErrorKind.Timeout => true,
        // A gateway's HTML page (502/503/504 from a proxy) is transient; a captive portal's 200 page is not.
        OneLoginErrorKind.UnexpectedResponse => e.StatusCode is >= 500,
        _ => false,
    };

    public static bool IsTransientSts(Exception exception) => exception switch
    {
        AmazonServiceException e => (int)e.StatusCode >= 500 || e.StatusCode == HttpStatusCode.TooManyRequests || IsThrottling(e.ErrorCode),
        HttpRequestException or TimeoutException or IOException or TimeoutRejectedException => true,
        // HttpClient's own timeout; a cancellation by the user never reaches here (see Build).
        TaskCanceledException => true,
        _ => false,
    };

    /// <summary>AWS's throttling error codes (botocore's retry handler lists the same).</summary>
    public static bool IsThrottling(string? errorCode) => errorCode is "Throttling" or "ThrottlingException" or "ThrottledException"
        or "RequestThrottledException" or "TooManyRequestsException" or "RequestLimitExceeded" or "SlowDown";

    private ResiliencePipeline Build(string what, Func<Exception, bool> isTransient,
        Func<Exception, TimeSpan?> requestedWait, Func<bool> enabled, TimeSpan? attemptTimeout = null)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = clock }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = BaseDelay,
                MaxDelay = MaxBackoff,
                ShouldHandle = args => ValueTask.FromResult(
                    args.Outcome.Exception is { } e
                    && enabled()
                    && !args.Context.CancellationToken.IsCancellationRequested
                    && isTransient(e)
                    && !(requestedWait(e) > MaxServerRequestedWait)),
                // The server's wait when it named one (capped above); otherwise null, which means the jittered backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e && requestedWait(e) is { } wait ? (TimeSpan?)wait : null),
                OnRetry = args =>
                {
                    var reason = args.Outcome.Exception is { } e ? ReasonOf(e) : "failed";
                    log.Step($"{what} failed ({reason}); retry {args.AttemptNumber + 1} of {MaxRetries} in {args.RetryDelay.TotalSeconds:0.0} s");
                    return ValueTask.CompletedTask;
                },
            });
        // Added after the retry, so it is inside it: a timeout per attempt, not for all of them.
        if (attemptTimeout is { } timeout) builder.AddTimeout(timeout);
        return builder.Build();
    }

    /// <summary>A secret-free, one-line reason: our own messages, AWS's error code, or the exception's type.</summary>
    private static string ReasonOf(Exception e) => e switch
    {
        OneLoginException o => o.Message,
        AmazonServiceException a => $"HTTP {(int)a.StatusCode} {a.ErrorCode}",
        TaskCanceledException or TimeoutException or TimeoutRejectedException => "no answer in time",
        _ => e.GetType().Name,
    };
}
