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

    /// <summary>
    /// Told of every throttling answer before it is retried, and awaited: many roles adapt their concurrency to it and
    /// hold the retry until the cut limit has a place for it.
    /// </summary>
    public Func<CancellationToken, ValueTask>? OnThrottled { get; set; }

    /// <summary>False while the caller retries STS failures itself (<see cref="Login.LoginLoop"/>'s later runs).</summary>
    public bool RetriesSts { get; set; } = true;

    /// <summary>For <see cref="OneLoginApiClient"/>'s token call to <paramref name="host"/> (host:port), each attempt within <paramref name="timeout"/>.</summary>
    public ResiliencePipeline ForOneLoginToken(string host, TimeSpan timeout) =>
        Build($"OneLogin ({host}) token request", timeout, IsTransientOneLogin, e => (e as OneLoginException)?.RetryAfter, () => true);

    /// <summary>
    /// For AssumeRoleWithSAML: an assertion may be redeemed more than once while valid, so a retry is harmless.
    /// Each attempt gets <paramref name="attemptTimeout"/> from Polly rather than from HttpClient.Timeout: the SDK
    /// resends at once, uncounted, a request whose HttpClient timeout raced a closing connection, even with
    /// MaxErrorRetry = 0 (seen as 5 requests for 4 attempts); a cancelled token it never resends.
    /// </summary>
    /// <param name="unavailable">
    /// For a client that reads STS's answers itself (the IAM-user source's): whether an exception means STS was
    /// unavailable (5xx, throttling, no answer), retried like the SDK's own exceptions. The retry warning words it
    /// like any other (<see cref="NetworkFailureReason"/>).
    /// </param>
    /// <param name="host">STS's host:port, named in each retry warning.</param>
    public ResiliencePipeline ForSts(string call, string host, TimeSpan attemptTimeout, Func<Exception, bool>? unavailable = null) =>
        Build($"AWS STS ({host}) {call}", attemptTimeout, e => IsTransientSts(e) || unavailable?.Invoke(e) == true, _ => null, () => RetriesSts, attemptTimeout);

    /// <summary>The first wait after a failed push poll; it doubles per failure in a row, up to <see cref="MaxBackoff"/>.</summary>
    public static readonly TimeSpan PushPollFirstBackoff = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Whether a failed push poll (verify_factor with do_not_notify, which sends nothing to the phone) is tried again,
    /// and after how long: on the same transient failures as the token call, the server's Retry-After when it names
    /// one, else 1, 2, 4, 8, 8… s with jitter. PushApproval keeps polling this way until --mfa-timeout; the push
    /// itself (do_not_notify false) is never sent again.
    /// </summary>
    public static TimeSpan? PushPollRetryDelay(Exception exception, int failuresInARow)
    {
        if (!IsTransientOneLogin(exception)) return null;
        if ((exception as OneLoginException)?.RetryAfter is { } asked) return asked;
        var exponent = Math.Min(failuresInARow - 1, 4);
        var backoff = TimeSpan.FromTicks(Math.Min(PushPollFirstBackoff.Ticks << exponent, MaxBackoff.Ticks));
        // Full jitter on the upper half: waits stay near the schedule but a crowd of pollers spreads out.
        return backoff / 2 + backoff / 2 * Random.Shared.NextDouble();
    }

    /// <summary>The login's network deadline, if it is what ended this request (the AWS SDK may wrap it); never retried.</summary>
    public static NetworkDeadlineExceededException? DeadlineIn(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NetworkDeadlineExceededException deadline) return deadline;
        }
        return null;
    }

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

    /// <summary>A throttling answer (429, or one of AWS's throttling codes), however the client wrapped it.</summary>
    public static bool IsThrottlingAnswer(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is AmazonServiceException a && (a.StatusCode == HttpStatusCode.TooManyRequests || IsThrottling(a.ErrorCode))) return true;
        }
        return false;
    }

    /// <summary>AWS's throttling error codes (botocore's retry handler lists the same).</summary>
    public static bool IsThrottling(string? errorCode) => errorCode is "Throttling" or "ThrottlingException" or "ThrottledException"
        or "RequestThrottledException" or "TooManyRequestsException" or "RequestLimitExceeded" or "SlowDown";

    /// <param name="what">The service, its host:port and the call: "AWS STS (127.0.0.1:4566) AssumeRoleWithSAML".</param>
    /// <param name="requestTimeout">What --http-timeout allows one attempt, named when an attempt got no answer.</param>
    private ResiliencePipeline Build(string what, TimeSpan requestTimeout, Func<Exception, bool> isTransient,
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
                    && DeadlineIn(e) is null
                    && isTransient(e)
                    && !(requestedWait(e) > MaxServerRequestedWait)),
                // The server's wait when it named one (capped above); otherwise null, which means the jittered backoff.
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } e && requestedWait(e) is { } wait ? (TimeSpan?)wait : null),
                OnRetry = async args =>
                {
                    // What happened in words, never an exception's type name; the type is in the --verbose trace of a final failure.
                    var why = args.Outcome.Exception is { } e ? NetworkFailureReason.Of(e, requestTimeout) : new NetworkFailureReason("failed", "");
                    log.Warning($"{what}: {why.Text}; retry {args.AttemptNumber + 1} of {MaxRetries} in {args.RetryDelay.TotalSeconds:0.0} s{why.InParentheses}");
                    if (args.Outcome.Exception is { } thrown && IsThrottlingAnswer(thrown) && OnThrottled is { } throttled)
                        await throttled(args.Context.CancellationToken);
                },
            });
        // Added after the retry, so it is inside it: a timeout per attempt, not for all of them.
        if (attemptTimeout is { } timeout) builder.AddTimeout(timeout);
        return builder.Build();
    }
}
