using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Threading.Channels;

namespace SamlAssume.Sources.Browser;

/// <summary>
/// The DevTools protocol over <c>--remote-debugging-pipe</c>: the browser reads NUL-terminated JSON messages on its
/// fd 3 and writes them on its fd 4, so no debugging port exists that another local user could reach.
/// </summary>
/// <remarks>
/// .NET's Process cannot hand a child extra descriptors, so the browser starts through <c>/bin/sh</c>:
/// <c>exec "$0" "$@" 3&lt;&amp;0 4&gt;&amp;1 0&lt;/dev/null 1&gt;&amp;2</c> moves our stdin pipe to fd 3 and our stdout pipe
/// to fd 4, then execs the browser, so the process we hold is the browser itself (same pid, no shell left). Its own
/// stdout goes to stderr, which is drained (a full pipe would block Chromium) and kept as a short tail for errors.
/// Answers are matched to commands by id; events go to an unbounded channel; EOF on the pipe (the browser exited or
/// the user closed it) fails every pending command and completes the channel.
/// </remarks>
internal sealed class CdpPipe : IAsyncDisposable
{
    private const string Relay = "exec \"$0\" \"$@\" 3<&0 4>&1 0</dev/null 1>&2";

    private readonly Process process;
    private readonly Stream toBrowser;
    private readonly Stream fromBrowser;
    private readonly SemaphoreSlim writing = new(1, 1);
    private readonly ConcurrentDictionary<int, TaskCompletionSource<CdpMessage>> pending = new();
    private readonly Channel<CdpMessage> events = Channel.CreateUnbounded<CdpMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Queue<string> stderrTail = new();
    private readonly Action<string> trace;
    private readonly Task reading;
    private int nextId;

    private CdpPipe(Process process, Action<string> trace)
    {
        this.process = process;
        this.trace = trace;
        toBrowser = process.StandardInput.BaseStream;
        fromBrowser = process.StandardOutput.BaseStream;
        reading = Task.Run(ReadAsync);
    }

    /// <summary>Events in arrival order; completed when the pipe closes.</summary>
    public ChannelReader<CdpMessage> Events => events.Reader;

    public bool HasExited => process.HasExited;

    /// <param name="trace">Method names and sessions only (--verbose); never parameters, which can carry the assertion.</param>
    public static CdpPipe Start(string browserPath, IEnumerable<string> flags, Action<string> trace)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Relay);
        start.ArgumentList.Add(browserPath);
        start.ArgumentList.Add("--remote-debugging-pipe");
        foreach (var flag in flags) start.ArgumentList.Add(flag);
        var process = Process.Start(start) ?? throw new BrowserSignInFailed(BrowserFailure.DidNotStart, $"could not start {browserPath}");
        var pipe = new CdpPipe(process, trace);
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is null) return;
            lock (pipe.stderrTail)
            {
                pipe.stderrTail.Enqueue(line.Data);
                while (pipe.stderrTail.Count > 5) pipe.stderrTail.Dequeue();
            }
        };
        process.BeginErrorReadLine();
        return pipe;
    }

    /// <summary>The browser's last stderr line, for a failure to start.</summary>
    public string LastStderrLine()
    {
        lock (stderrTail) return stderrTail.LastOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "";
    }

    public int? ExitCode => process.HasExited ? process.ExitCode : null;

    /// <summary>Sends a command and waits for its answer's <c>result</c>.</summary>
    public async Task<JsonElement> SendAsync<T>(string method, T parameters, JsonTypeInfo<T> typeInfo, string? sessionId, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref nextId);
        var answer = new TaskCompletionSource<CdpMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        pending[id] = answer;
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("id", id);
            writer.WriteString("method", method);
            if (sessionId is not null) writer.WriteString("sessionId", sessionId);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, typeInfo);
            writer.WriteEndObject();
        }
        buffer.Write([(byte)0]);
        trace($"devtools -> {method}{(sessionId is null ? "" : " (page)")}");
        await writing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await toBrowser.WriteAsync(buffer.WrittenMemory, cancellationToken).ConfigureAwait(false);
            await toBrowser.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            pending.TryRemove(id, out _);
            throw;
        }
        finally
        {
            writing.Release();
        }
        using var cancel = cancellationToken.Register(() => answer.TrySetCanceled(cancellationToken));
        var message = await answer.Task.ConfigureAwait(false);
        if (message.Error is { } error) throw new CdpException(method, error.Code, error.Message);
        return message.Result;
    }

    public Task<JsonElement> SendAsync(string method, string? sessionId, CancellationToken cancellationToken) =>
        SendAsync(method, new NoParams(), CdpJsonContext.Default.NoParams, sessionId, cancellationToken);

    private async Task ReadAsync()
    {
        var chunk = new byte[64 * 1024];
        var partial = new ArrayBufferWriter<byte>(64 * 1024);
        Exception? failure = null;
        try
        {
            while (true)
            {
                var read = await fromBrowser.ReadAsync(chunk).ConfigureAwait(false);
                if (read == 0) break;
                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (chunk[i] != 0) continue;
                    if (partial.WrittenCount == 0) Dispatch(chunk.AsSpan(start, i - start));
                    else
                    {
                        partial.Write(chunk.AsSpan(start, i - start));
                        Dispatch(partial.WrittenSpan);
                        partial.ResetWrittenCount();
                    }
                    start = i + 1;
                }
                if (start < read) partial.Write(chunk.AsSpan(start, read - start));
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            failure = e;
        }
        var closed = new IOException("the browser's DevTools pipe closed");
        foreach (var id in pending.Keys)
        {
            if (pending.TryRemove(id, out var answer)) answer.TrySetException(closed);
        }
        events.Writer.TryComplete(failure is null ? null : closed);
    }

    private void Dispatch(ReadOnlySpan<byte> json)
    {
        CdpMessage? message;
        try
        {
            message = JsonSerializer.Deserialize(json, CdpJsonContext.Default.CdpMessage);
        }
        catch (JsonException)
        {
            trace("devtools: a message that is not JSON was ignored");
            return;
        }
        if (message is null) return;
        if (message.Id is { } id)
        {
            if (pending.TryRemove(id, out var answer)) answer.TrySetResult(message);
        }
        else if (message.Method is not null)
        {
            events.Writer.TryWrite(message);
        }
    }

    /// <summary>
    /// <c>Browser.close</c>, then waits for the exit: only a clean exit writes the profile's cookies, so the IdP's
    /// session survives for the next (headless) sign-in. Killed (with its children) only if it hangs.
    /// </summary>
    public async Task CloseAsync(TimeSpan grace)
    {
        if (!process.HasExited)
        {
            using var asking = new CancellationTokenSource(TimeSpan.FromSeconds(3));
            try
            {
                await SendAsync("Browser.close", null, asking.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or CdpException or ObjectDisposedException)
            {
                // Already going away.
            }
            using var waiting = new CancellationTokenSource(grace);
            try
            {
                await process.WaitForExitAsync(waiting.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                trace("the browser did not exit after Browser.close: killed");
                try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        try { toBrowser.Dispose(); } catch (IOException) { }
        try { await reading.ConfigureAwait(false); } catch (Exception e) when (e is IOException or ObjectDisposedException) { }
        process.Dispose();
        writing.Dispose();
    }
}
