using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>Plays a <see cref="SandboxFault"/> instead of the real answer, shaped like the service it stands in for.</summary>
internal static class FaultInjection
{
    public static async Task PlayAsync(HttpContext context, string endpoint, SandboxFault fault, CancellationToken sandboxStopping)
    {
        var record = RequestRecord.Of(context);
        if (fault.ResetConnection)
        {
            record.Set("fault", "reset");
            context.Abort();
            return;
        }
        if (fault.Hang)
        {
            record.Set("fault", "hang");
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, sandboxStopping);
            try
            {
                await Task.Delay(Timeout.Infinite, linked.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up (or the sandbox is stopping): there is nobody left to answer.
            }
            context.Abort();
            return;
        }

        if (fault.SlowBodyByteInterval is { } interval)
        {
            record.Set("fault", "slow_body");
            // Machine time (the journal's own Time is the sandbox clock, the same unless a test moves it).
            record.Set("started", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await SlowBodyAsync(context, endpoint, fault.StatusCode, interval, sandboxStopping);
            return;
        }
        record.Set("fault", fault.StatusCode.ToString(CultureInfo.InvariantCulture));
        if (fault.Body is { } literal)
        {
            context.Response.StatusCode = fault.StatusCode;
            context.Response.ContentType = fault.ContentType;
            await context.Response.WriteAsync(literal, context.RequestAborted);
            return;
        }
        if (fault.RetryAfter is { } retryAfter)
        {
            var seconds = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            context.Response.Headers.RetryAfter = seconds;
            // OneLogin's rate-limit headers: X-RateLimit-Reset is the seconds until the window resets.
            context.Response.Headers["X-RateLimit-Limit"] = "5000";
            context.Response.Headers["X-RateLimit-Remaining"] = "0";
            context.Response.Headers["X-RateLimit-Reset"] = seconds;
        }

        var status = fault.StatusCode;
        var phrase = OneLoginEnvelope.ReasonPhrase(status);
        if (fault.HtmlBody)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync(
                $"<html>\r\n<head><title>{status} {phrase}</title></head>\r\n<body>\r\n<center><h1>{status} {phrase}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                context.RequestAborted);
            return;
        }

        if (endpoint is SandboxEndpoints.AssumeRoleWithSaml or SandboxEndpoints.GetCallerIdentity || context.Request.Path == "/")
        {
            var code = status switch
            {
                429 or 400 => "Throttling",
                503 => "ServiceUnavailable",
                _ => "InternalFailure",
            };
            var message = code == "Throttling" ? "Rate exceeded" : "An internal error occurred.";
            var error = new StsError(status, code, message, status >= 500 ? "Receiver" : "Sender");
            var requestId = Guid.NewGuid().ToString();
            context.Response.Headers["x-amzn-RequestId"] = requestId;
            await HttpAnswers.XmlAsync(context, status, StsXml.Error(error, requestId));
            return;
        }

        var text = status == 429 ? "Rate Limit Exceeded" : phrase;
        await WriteErrorAsync(context, status, phrase, text);
    }

    private static async Task WriteErrorAsync(HttpContext context, int status, string phrase, string text)
    {
        JsonObject body = context.Request.Path.StartsWithSegments("/api/2")
            ? OneLoginEnvelope.Error(ApiVersion.V2, status, text)
            : OneLoginEnvelope.Status(status, phrase, text, error: true);
        await HttpAnswers.JsonAsync(context, status, body);
    }

    /// <summary>
    /// Headers now (a Content-Length it will never reach), then a space every <paramref name="interval"/> until the
    /// client gives up or the sandbox stops. Whitespace keeps the body valid-looking JSON/XML prefix for as long as it goes.
    /// </summary>
    private static async Task SlowBodyAsync(HttpContext context, string endpoint, int status, TimeSpan interval, CancellationToken sandboxStopping)
    {
        var isSts = endpoint is SandboxEndpoints.AssumeRoleWithSaml or SandboxEndpoints.GetCallerIdentity || context.Request.Path == "/";
        context.Response.StatusCode = status;
        context.Response.ContentType = isSts ? "text/xml" : "application/json";
        context.Response.ContentLength = 1_000_000;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, sandboxStopping);
        try
        {
            await context.Response.Body.WriteAsync(isSts ? "<"u8.ToArray() : "{"u8.ToArray(), linked.Token);
            await context.Response.Body.FlushAsync(linked.Token);
            while (true)
            {
                await Task.Delay(interval, linked.Token);
                await context.Response.Body.WriteAsync(" "u8.ToArray(), linked.Token);
                await context.Response.Body.FlushAsync(linked.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The client gave up (the point of the fault) or the sandbox is stopping.
        }
        context.Abort();
    }
}
