using System.Buffers;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SamlAssume.Cache;
using SamlAssume.Login;

namespace SamlAssume.Serve;

/// <summary>
/// A local endpoint in the form the AWS SDKs' container credential provider reads
/// (docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html): the SDK GETs
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> with <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> as the Authorization header
/// and reads <c>{"AccessKeyId","SecretAccessKey","Token","Expiration"}</c>; errors carry <c>{"code","message"}</c>.
/// Over http the SDKs accept only loopback hosts, so this listens on 127.0.0.1 only. Defences, in the order applied:
/// a Host header that names anything but a loopback address is refused (403) — a web page whose DNS name was rebound
/// to 127.0.0.1 sends its own name; a missing or wrong token is refused (401), compared in constant time; only GET
/// on <c>/</c> (the profile's role) and <c>/role-arn/ARN</c> (another role of the same sign-in) is served.
/// </summary>
public sealed class ContainerCredentialsServer : IAsyncDisposable
{
    public const string RoleArnPrefix = "/role-arn/";

    /// <summary>Connections open at once (beyond it Kestrel closes new ones at once); well under the raised file limit.</summary>
    public const int MaxConnections = 4096;
    /// <summary>How long a kept-alive connection may idle between requests (Kestrel's default is 130 s).</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromSeconds(10);
    /// <summary>How long a connection may take to send a request's headers (Kestrel's default is 30 s).</summary>
    public static readonly TimeSpan HeadersTimeout = TimeSpan.FromSeconds(5);

    private readonly WebApplication app;
    private readonly byte[] tokenHash;
    private readonly ServedCredentials credentials;
    private readonly ProgressLog log;

    private ContainerCredentialsServer(WebApplication app, string token, ServedCredentials credentials, ProgressLog log)
    {
        this.app = app;
        Token = token;
        tokenHash = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        this.credentials = credentials;
        this.log = log;
    }

    /// <summary>What clients send in the Authorization header: 256 random bits, made fresh for every server.</summary>
    public string Token { get; }

    /// <summary>http://127.0.0.1:PORT/ once started.</summary>
    public Uri Url { get; private set; } = new("http://127.0.0.1/");

    public int Port => Url.Port;

    /// <param name="credentials">What to serve; the server owns it from here on.</param>
    /// <param name="port">0 for a free port the OS picks.</param>
    public static async Task<ContainerCredentialsServer> StartAsync(ServedCredentials credentials, int port, ProgressLog log, CancellationToken cancellationToken)
    {
        if (OpenFileLimit.RaiseToHard() is { } files && files.After != files.Before) log.Detail($"open-file limit raised from {files.Before} to {files.After}");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Another local user can open connections without a token: they are bounded in number and in how long
            // they may sit idle or dribble headers, so the SDK's own request is always accepted and answered.
            kestrel.Limits.MaxConcurrentConnections = MaxConnections;
            kestrel.Limits.KeepAliveTimeout = IdleTimeout;
            kestrel.Limits.RequestHeadersTimeout = HeadersTimeout;
            kestrel.Limits.MaxRequestHeadersTotalSize = 16 * 1024;
            kestrel.Listen(IPAddress.Loopback, port);
        });
        var app = builder.Build();
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var server = new ContainerCredentialsServer(app, token, credentials, log);
        app.Run(server.HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            throw new InvalidInput($"cannot listen on 127.0.0.1:{port}: {e.Message}");
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(new Uri(bound).GetLeftPart(UriPartial.Authority) + "/");
        return server;
    }

    /// <summary>The two variables an SDK needs, for <c>export</c> lines or a child's environment.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Variables() =>
    [
        new("AWS_CONTAINER_CREDENTIALS_FULL_URI", Url.AbsoluteUri),
        new("AWS_CONTAINER_AUTHORIZATION_TOKEN", Token),
    ];

    private async Task HandleAsync(HttpContext context)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (!IsLoopbackHost(context.Request.Host))
        {
            await ErrorAsync(response, 403, "Forbidden", "the Host header must name a loopback address (127.0.0.1, localhost, [::1])");
            return;
        }
        if (!Authorized(context.Request.Headers.Authorization))
        {
            await ErrorAsync(response, 401, "Unauthorized", "the Authorization header must carry AWS_CONTAINER_AUTHORIZATION_TOKEN");
            return;
        }
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            response.Headers.Allow = "GET";
            await ErrorAsync(response, 405, "MethodNotAllowed", "only GET is served");
            return;
        }
        var path = context.Request.Path.Value ?? "";
        string? roleArn = null;
        if (path.StartsWith(RoleArnPrefix, StringComparison.Ordinal))
        {
            roleArn = path[RoleArnPrefix.Length..];
            // Only an IAM role ARN goes further: nothing a client chose (control characters, a huge path) reaches a
            // log line, a lock or a cache file name.
            if (!IsRoleArn(roleArn))
            {
                await ErrorAsync(response, 400, "BadRequest", $"{RoleArnPrefix} takes an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)");
                return;
            }
        }
        else if (path != "/")
        {
            await ErrorAsync(response, 404, "NotFound", $"serve answers / and {RoleArnPrefix}ARN");
            return;
        }

        CachedCredentials served;
        try
        {
            served = roleArn is null
                ? await credentials.ForProfileAsync(context.RequestAborted)
                : await credentials.ForRoleAsync(roleArn, context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e)
        {
            var (kind, message) = e is UnknownRoleException ? (FailureKind.Usage, e.Message) : FailureKinds.Of(e);
            // The path is the client's: escaped before it reaches the terminal (no CR/LF, no terminal escapes).
            log.Warning(Printable($"could not serve credentials{(roleArn is null ? "" : " for " + roleArn)}: {message}"));
            var status = e is UnknownRoleException ? 403 : kind == FailureKind.Network ? 502 : 500;
            await ErrorAsync(response, status, status == 403 ? "AccessDenied" : "CredentialsUnavailable", message);
            return;
        }
        response.StatusCode = 200;
        response.ContentType = "application/json";
        var body = ContainerCredentialsJson.Write(served);
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>arn:PARTITION:iam::ACCOUNT:role/PATH/NAME with IAM's own characters, at most 2048 long.</summary>
    public static bool IsRoleArn(string text) => SamlAssume.Aws.Sessions.IamRoleArn.IsValid(text);

    /// <summary>Control characters (C0, DEL, C1) as \uXXXX: a line a client chose cannot move the cursor or forge a line.</summary>
    public static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c < 0x20 || c is >= '\u007f' and <= '\u009f' || c is '\u2028' or '\u2029') builder.Append($"\\u{(int)c:x4}");
            else builder.Append(c);
        }
        return builder.ToString();
    }

    private bool Authorized(string? header)
    {
        if (string.IsNullOrEmpty(header)) return false;
        // Hashes have one length, so the comparison's time says nothing about the token, not even its length.
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        var bytes = Encoding.UTF8.GetBytes(header);
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, tokenHash);
    }

    /// <summary>127.0.0.0/8, ::1 or "localhost" (what the SDKs themselves accept for an http FULL_URI); never a DNS name.</summary>
    public static bool IsLoopbackHost(HostString host)
    {
        if (!host.HasValue) return false;
        var name = host.Host;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase)) return true;
        var literal = name.StartsWith('[') && name.EndsWith(']') ? name[1..^1] : name;
        return IPAddress.TryParse(literal, out var address) && IPAddress.IsLoopback(address)
            && (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork || literal.Count(c => c == '.') == 3);
    }

    private static Task ErrorAsync(HttpResponse response, int status, string code, string message)
    {
        response.StatusCode = status;
        response.ContentType = "application/json";
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("code", code);
            json.WriteString("message", message);
            json.WriteEndObject();
        }
        return response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
        {
            try
            {
                await app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // A client kept its connection open; disposal drops it.
            }
        }
        await app.DisposeAsync();
        credentials.Dispose(); // the server owns what it serves from, and the pipeline kept in it
    }
}
