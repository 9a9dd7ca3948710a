namespace SamlAssume.Net;

/// <summary>
/// Bounds a whole request — sending, headers and every byte of the body — by the transport's request timeout, and
/// charges its time to the login's <see cref="NetworkDeadline"/>. Needed because HttpClient.Timeout stops at the
/// headers when the caller streams the body (HttpCompletionOption.ResponseHeadersRead, as OneLoginApiClient and the
/// AWS SDK do): a server that sends headers and then a byte every few seconds would otherwise never time out.
/// A request cut by the timeout fails like HttpClient's own timeout (TaskCanceledException with a TimeoutException
/// inside), so the callers' messages and retry rules stay as they are; one cut by the deadline fails with
/// <see cref="NetworkDeadlineExceededException"/>, which nothing retries. For the same span, from sending to the
/// body's last byte, it tells the command's <see cref="NetworkWaits"/> what the request waits for.
/// </summary>
/// <param name="service">The service named while waiting ("AWS STS", "OneLogin"); null names the host only.</param>
public sealed class WholeResponseTimeout(TimeSpan timeout, NetworkDeadline? deadline, ServerDates? dates = null,
    NetworkWaits? waits = null, string? service = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var allowed = timeout;
        if (deadline is not null)
        {
            var remaining = deadline.Remaining;
            if (remaining <= TimeSpan.Zero) throw new NetworkDeadlineExceededException(deadline.Limit, WaitingFor(request));
            if (remaining < allowed) allowed = remaining;
        }

        var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(allowed);
        var inFlight = InFlight.Of(deadline?.Begin(), waits?.Begin(WaitingFor(request)));
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            inFlight?.Dispose();
            timer.Dispose();
            throw TimedOut(e, request);
        }
        catch
        {
            inFlight?.Dispose();
            timer.Dispose();
            throw;
        }

        dates?.Saw(response.Headers.Date);
        // The body is still to come: it is read through a stream that the same timer cuts.
        var original = response.Content;
        Stream body;
        try
        {
            body = await original.ReadAsStreamAsync(timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            response.Dispose();
            inFlight?.Dispose();
            timer.Dispose();
            throw TimedOut(e, request);
        }
        var bounded = new StreamContent(new BoundedBody(body, timer, cancellationToken, inFlight, e => TimedOut(e, request)));
        foreach (var header in original.Headers) bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = bounded;
        return response;
    }

    /// <summary>"AWS STS (127.0.0.1:4566) AssumeRoleWithSAML": the service, host:port and call, as far as known.</summary>
    private string WaitingFor(HttpRequestMessage request)
    {
        var host = request.RequestUri is { IsAbsoluteUri: true } url ? HttpTransport.HostAndPort(url) : "the server";
        var what = service is null ? host : $"{service} ({host})";
        return AwaitedCall.Current is { } call ? $"{what} {call}" : what;
    }

    private Exception TimedOut(Exception cause, HttpRequestMessage request) =>
        deadline is { Exhausted: true }
            ? new NetworkDeadlineExceededException(deadline.Limit, WaitingFor(request))
            : new TaskCanceledException($"The request was canceled due to the configured timeout of {timeout.TotalSeconds:0.#} seconds elapsing.", new TimeoutException(cause.Message, cause));

    /// <summary>A request's time in flight, for the deadline and the waits alike; ends once.</summary>
    private sealed class InFlight(IDisposable? deadline, IDisposable? wait) : IDisposable
    {
        public static IDisposable? Of(IDisposable? deadline, IDisposable? wait) =>
            deadline is null && wait is null ? null : new InFlight(deadline, wait);

        public void Dispose()
        {
            deadline?.Dispose();
            wait?.Dispose();
        }
    }

    /// <summary>The response body, read under the request's timer; disposing it ends the request's network time.</summary>
    private sealed class BoundedBody(Stream inner, CancellationTokenSource timer, CancellationToken callerToken, IDisposable? inFlight, Func<Exception, Exception> timedOut) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
            try
            {
                var read = await inner.ReadAsync(buffer, linked.Token).ConfigureAwait(false);
                if (read == 0) inFlight?.Dispose();
                return read;
            }
            catch (OperationCanceledException e) when (timer.IsCancellationRequested && !cancellationToken.IsCancellationRequested && !callerToken.IsCancellationRequested)
            {
                throw timedOut(e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        // A synchronous read (the AWS SDK's XML reader may use one) is bounded too: the read is async underneath.
        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                inFlight?.Dispose();
                timer.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
