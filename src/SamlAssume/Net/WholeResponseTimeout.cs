namespace SamlAssume.Net;

/// <summary>
/// Bounds a whole request — sending, headers and every byte of the body — by the transport's request timeout, and
/// charges its time to the login's <see cref="NetworkDeadline"/>. Needed because HttpClient.Timeout stops at the
/// headers when the caller streams the body (HttpCompletionOption.ResponseHeadersRead, as OneLoginApiClient and the
/// AWS SDK do): a server that sends headers and then a byte every few seconds would otherwise never time out.
/// A request cut by the timeout fails like HttpClient's own timeout (TaskCanceledException with a TimeoutException
/// inside), so the callers' messages and retry rules stay as they are; one cut by the deadline fails with
/// <see cref="NetworkDeadlineExceededException"/>, which nothing retries.
/// </summary>
public sealed class WholeResponseTimeout(TimeSpan timeout, NetworkDeadline? deadline, ServerDates? dates = null) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var allowed = timeout;
        if (deadline is not null)
        {
            var remaining = deadline.Remaining;
            if (remaining <= TimeSpan.Zero) throw new NetworkDeadlineExceededException(deadline.Limit);
            if (remaining < allowed) allowed = remaining;
        }

        var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(allowed);
        var inFlight = deadline?.Begin();
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, timer.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested && timer.IsCancellationRequested)
        {
            inFlight?.Dispose();
            timer.Dispose();
            throw TimedOut(e);
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
            throw TimedOut(e);
        }
        var bounded = new StreamContent(new BoundedBody(body, timer, cancellationToken, inFlight, TimedOut));
        foreach (var header in original.Headers) bounded.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = bounded;
        return response;
    }

    private Exception TimedOut(Exception cause) =>
        deadline is { Exhausted: true }
            ? new NetworkDeadlineExceededException(deadline.Limit)
            : new TaskCanceledException($"The request was canceled due to the configured timeout of {timeout.TotalSeconds:0.#} seconds elapsing.", new TimeoutException(cause.Message, cause));

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
