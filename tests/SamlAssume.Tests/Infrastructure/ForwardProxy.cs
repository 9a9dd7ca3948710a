using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A tiny HTTP proxy on 127.0.0.1 that records each request line it is sent. Absolute-form requests
/// (<c>POST http://host:port/path</c>, what clients send for http URLs) are forwarded, one request per connection;
/// <c>CONNECT host:port</c> (https URLs) is recorded and refused with 502, since the tests need no tunnel.
/// </summary>
public sealed class ForwardProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentQueue<string> requests = new();
    private readonly Task loop;

    public ForwardProxy()
    {
        listener.Start();
        loop = AcceptLoopAsync();
    }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";

    /// <summary>Request lines as received, e.g. "POST http://127.0.0.1:4242/auth/oauth2/v2/token HTTP/1.1".</summary>
    public IReadOnlyList<string> Requests => requests.ToArray();

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stopping.Token);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var (head, rest) = await ReadHeadAsync(stream);
            if (head is null) return;
            var lines = head.Split("\r\n");
            var requestLine = lines[0];
            requests.Enqueue(requestLine);
            var parts = requestLine.Split(' ');
            if (parts[0] == "CONNECT")
            {
                await stream.WriteAsync("HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"u8.ToArray());
                return;
            }

            var target = new Uri(parts[1]);
            var contentLength = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2 && p[0].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                .Select(p => int.Parse(p[1].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
            var body = new MemoryStream();
            body.Write(rest);
            var buffer = new byte[8192];
            while (body.Length < contentLength)
            {
                var read = await stream.ReadAsync(buffer);
                if (read == 0) break;
                body.Write(buffer, 0, read);
            }

            var headers = lines.Skip(1).Where(l => l.Length > 0 && !l.StartsWith("Connection:", StringComparison.OrdinalIgnoreCase)
                && !l.StartsWith("Proxy-Connection:", StringComparison.OrdinalIgnoreCase));
            var upstreamHead = $"{parts[0]} {target.PathAndQuery} {parts[2]}\r\n{string.Join("\r\n", headers)}\r\nConnection: close\r\n\r\n";
            using var upstream = new TcpClient();
            await upstream.ConnectAsync(target.Host, target.Port);
            var upstreamStream = upstream.GetStream();
            await upstreamStream.WriteAsync(Encoding.ASCII.GetBytes(upstreamHead));
            await upstreamStream.WriteAsync(body.ToArray());
            await upstreamStream.CopyToAsync(stream); // the whole answer, until the origin closes
        }
        catch (IOException)
        {
        }
        catch (SocketException)
        {
        }
    }

    private static async Task<(string? Head, byte[] Remainder)> ReadHeadAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[4096];
        while (true)
        {
            var read = await stream.ReadAsync(chunk);
            if (read == 0) return (null, []);
            buffer.AddRange(chunk.AsSpan(0, read));
            var all = buffer.ToArray();
            var end = all.AsSpan().IndexOf("\r\n\r\n"u8);
            if (end >= 0) return (Encoding.ASCII.GetString(all, 0, end), all[(end + 4)..]);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        listener.Stop();
        try { await loop; } catch (OperationCanceledException) { }
        stopping.Dispose();
    }
}
