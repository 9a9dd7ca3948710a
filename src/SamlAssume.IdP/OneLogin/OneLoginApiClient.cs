using System.Net.Sockets;
using System.Security.Authentication;
using System.Text.Json;
using Polly;
using Refit;

namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// <see cref="IOneLoginApi"/> over HTTP: Refit's generated <see cref="IOneLoginHttpApi"/> builds and sends the requests,
/// this class reads the answers. Accepts OneLogin's v1 (<c>status</c> + <c>data</c>) and v2 (flat) answers for
/// every call, whatever <see cref="OneLoginSettings.SamlApiVersion"/> says, because the two families are mixed in the wild.
/// Every URL is built from <see cref="OneLoginSettings.ApiUrl"/>: the <c>callback_url</c> OneLogin sends is never
/// called, so the bearer token only ever goes to the host the user configured (saml2aws made the same choice).
/// </summary>
public sealed class OneLoginApiClient : IOneLoginApi
{
    /// <summary>OneLogin's answers are a few kB (a SAMLResponse ~10 kB); anything this big is not OneLogin.</summary>
    public const int MaxResponseBytes = 4 * 1024 * 1024;

    /// <summary>Renew this long before <c>expires_in</c>, so a token never expires between our check and OneLogin's.</summary>
    private static readonly TimeSpan TokenRenewalMargin = TimeSpan.FromSeconds(60);

    /// <summary>Used when a token answer lacks <c>expires_in</c>: short, so a wrong guess costs one extra token call.</summary>
    private static readonly TimeSpan AssumedTokenLifetime = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Bodies through the source-generated <see cref="OneLoginJsonContext"/> (no reflection). Transport exceptions pass
    /// through unwrapped, so <see cref="SendAsync"/> can tell a timeout from a refused connection as before.
    /// </summary>
    private static readonly RefitSettings RefitSettings = new(new SystemTextJsonContentSerializer(OneLoginJsonContext.Default.Options))
    {
        TransportExceptionFactory = static (_, exception, _) => exception,
    };

    private readonly HttpClient _http;
    private readonly IOneLoginHttpApi _endpoints;
    private readonly OneLoginSettings _settings;
    private readonly TimeProvider _clock;
    private readonly SemaphoreSlim _tokenGate = new(1, 1);
    private readonly ResiliencePipeline _tokenRetry;
    private volatile AccessToken? _token;

    /// <param name="tokenRetry">
    /// Wraps the token call only (it carries no user secret and changes nothing at OneLogin, so repeating it is safe).
    /// The password and MFA calls are never wrapped: a password or code OneLogin saw is never sent again by us.
    /// </param>
    public OneLoginApiClient(HttpClient http, OneLoginSettings settings, TimeProvider? clock = null, ResiliencePipeline? tokenRetry = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.ApiUrl.IsAbsoluteUri)
            throw new ArgumentException($"The OneLogin API URL must be absolute, not '{settings.ApiUrl}'.", nameof(settings));
        if (settings.SamlApiVersion is not (1 or 2))
            throw new ArgumentOutOfRangeException(nameof(settings), settings.SamlApiVersion, "SamlApiVersion must be 1 or 2.");
        _http = http;
        _settings = settings;
        // Refit needs a BaseAddress; the caller's client is shared (proxy, timeout, connection pool) and must not be
        // changed, so requests go through it via a client of our own that has the address and no timeout of its own.
        var viaCallersClient = new HttpClient(new CallerHttpClientHandler(http)) { BaseAddress = settings.ApiUrl, Timeout = Timeout.InfiniteTimeSpan };
        _endpoints = RestService.ForGenerated<IOneLoginHttpApi>(viaCallersClient, RefitSettings);
        _clock = clock ?? TimeProvider.System;
        _tokenRetry = tokenRetry ?? ResiliencePipeline.Empty;
    }

    public async Task<AccessToken> GetAccessTokenAsync(CancellationToken cancellationToken = default)
    {
        var cached = _token; // read once: another thread may drop it between a check and a second read
        if (IsFresh(cached))
            return cached!;
        // One request at a time: parallel callers wait here and reuse the token the first one fetched.
        await _tokenGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _token;
            if (IsFresh(current))
                return current!;
            var fresh = await _tokenRetry.ExecuteAsync(static (client, ct) => new ValueTask<AccessToken>(client.RequestAccessTokenAsync(ct)), this, cancellationToken).ConfigureAwait(false);
            _token = fresh;
            return fresh;
        }
        finally
        {
            _tokenGate.Release();
        }
    }

    public async Task<AssertionOutcome> CreateSamlAssertionAsync(SamlAssertionRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        var call = new OneLoginCall(OneLoginEndpoint.SamlAssertion, Host, request.AppId, request.Subdomain,
            [request.Password, token.Value, _settings.ClientSecret]);
        var body = new SamlAssertionRequestBody(request.UsernameOrEmail, request.Password, request.AppId, request.Subdomain,
            string.IsNullOrWhiteSpace(request.IpAddress) ? null : request.IpAddress);
        return await PostForOutcomeAsync(
            (authorization, ct) => _endpoints.GenerateSamlAssertionAsync(_settings.SamlApiVersion, authorization, body, ct),
            token, call, cancellationToken).ConfigureAwait(false);
    }

    public async Task<AssertionOutcome> VerifyFactorAsync(VerifyFactorRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = await GetAccessTokenAsync(cancellationToken).ConfigureAwait(false);
        var call = new OneLoginCall(OneLoginEndpoint.VerifyFactor, Host, request.AppId, null,
            [request.StateToken, request.OtpToken, token.Value, _settings.ClientSecret]);
        var body = new VerifyFactorRequestBody(request.AppId, request.DeviceId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            request.StateToken, string.IsNullOrEmpty(request.OtpToken) ? null : request.OtpToken, request.DoNotNotify);
        return await PostForOutcomeAsync(
            (authorization, ct) => _endpoints.VerifyFactorAsync(_settings.SamlApiVersion, authorization, body, ct),
            token, call, cancellationToken).ConfigureAwait(false);
    }

    private string Host => _settings.ApiUrl.IsDefaultPort ? _settings.ApiUrl.Host : $"{_settings.ApiUrl.Host}:{_settings.ApiUrl.Port}";

    private bool IsFresh(AccessToken? token) => token is not null && _clock.GetUtcNow() < token.ExpiresAt - TokenRenewalMargin;

    private async Task<AccessToken> RequestAccessTokenAsync(CancellationToken cancellationToken)
    {
        var call = new OneLoginCall(OneLoginEndpoint.Token, Host, null, null, [_settings.ClientSecret]);
        // The documented header is not RFC 7235 syntax; Refit sets it unvalidated (RefitSettings.ValidateHeaders is off).
        // https://developers.onelogin.com/api-docs/2/oauth20-tokens/generate-tokens-2
        var authorization = $"client_id:{_settings.ClientId}, client_secret:{_settings.ClientSecret}";
        var answer = await SendAsync(ct => _endpoints.GenerateTokenAsync(authorization, TokenRequestBody.ClientCredentials, ct), call, cancellationToken).ConfigureAwait(false);
        var envelope = ReadEnvelope(answer, call);

        // v2 is flat; v1 (and some proxies of it) wrap the same fields in data[0] or data.
        var payload = Deserialize(answer, call, PayloadElement(envelope.Data), OneLoginJsonContext.Default.TokenPayload);
        if (string.IsNullOrWhiteSpace(payload?.AccessToken))
            throw Unexpected(call, answer.Status, "OneLogin's token answer has no access_token");
        var lifetime = payload.ExpiresIn is > 0 and var seconds ? TimeSpan.FromSeconds(seconds) : AssumedTokenLifetime;
        return new AccessToken(payload.AccessToken, _clock.GetUtcNow() + lifetime);
    }

    private async Task<AssertionOutcome> PostForOutcomeAsync(Func<string, CancellationToken, Task<HttpResponseMessage>> post, AccessToken token, OneLoginCall call, CancellationToken cancellationToken)
    {
        // OneLogin's SDKs send "bearer <token>"; the docs' "bearer:<token>" is accepted too, but the SDK form is the proven one.
        var authorization = $"bearer {token.Value}";
        try
        {
            var answer = await SendAsync(ct => post(authorization, ct), call, cancellationToken).ConfigureAwait(false);
            return ReadOutcome(answer, ReadEnvelope(answer, call), call);
        }
        catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.InsufficientPermission)
        {
            // Perhaps the cached token was revoked: let the next call fetch a new one rather than repeat the failure.
            Interlocked.CompareExchange(ref _token, null, token);
            throw;
        }
    }

    /// <summary>
    /// Reads a saml_assertion or verify_factor answer. Shapes (REFERENCE.md; onelogin-python-sdk handle_saml_endpoint_response):
    /// v1 <c>{"status":{"type","message"},"data":"b64" | [{state_token,…}]}</c>, pending: <c>status.type=="pending"</c>;
    /// v2 <c>{"message":"Success","data":"b64"}</c>, MFA flat with <c>state_token</c>, pending: message containing "pending".
    /// </summary>
    private AssertionOutcome ReadOutcome(HttpAnswer answer, OneLoginEnvelope envelope, OneLoginCall call)
    {
        if (envelope.Data.ValueKind == JsonValueKind.String && envelope.Data.GetString() is { } data && !string.IsNullOrWhiteSpace(data))
            return new AssertionIssued(data.Trim());

        var challenge = Deserialize(answer, call, PayloadElement(envelope.Data), OneLoginJsonContext.Default.MfaChallengePayload);
        if (!string.IsNullOrWhiteSpace(challenge?.StateToken))
            return ToMfaRequired(challenge);

        var message = TextOf(envelope.Status?.Message) ?? TextOf(envelope.Message);
        var pending = envelope.Status is { } status
            ? string.Equals(status.Type, "pending", StringComparison.OrdinalIgnoreCase)
            : message?.Contains("pending", StringComparison.OrdinalIgnoreCase) == true;
        if (pending)
            return new FactorPending(MessageSanitizer.Redact(MessageSanitizer.OneLine(message ?? "Authentication pending"), call.Secrets));

        var saysSuccess = string.Equals(message, "Success", StringComparison.OrdinalIgnoreCase)
                          || string.Equals(envelope.Status?.Type, "success", StringComparison.OrdinalIgnoreCase);
        if (message is not null && !saysSuccess)
            throw OneLoginErrorClassifier.Classify(call, CodeOf(envelope) ?? answer.Status, message);
        throw Unexpected(call, answer.Status, "OneLogin's answer holds neither a SAML assertion nor an MFA challenge");
    }

    private static MfaRequired ToMfaRequired(MfaChallengePayload challenge)
    {
        var devices = new List<MfaDevice>();
        foreach (var device in challenge.Devices ?? [])
        {
            // A device we cannot address by a number cannot be verified: leave it out rather than guess.
            if (LongOf(device.DeviceId) is { } id)
                devices.Add(new MfaDevice(id, string.IsNullOrWhiteSpace(device.DeviceType) ? "Unknown device" : device.DeviceType.Trim(), IsTrue(device.Default)));
        }
        var user = challenge.User is { } u
            ? new OneLoginUser(LongOf(u.Id) ?? 0, u.Username, u.Email, u.Firstname, u.Lastname)
            : null;
        return new MfaRequired(challenge.StateToken!, devices, user, challenge.CallbackUrl);
    }

    /// <summary>Sends one Refit call and reads its answer within <see cref="MaxResponseBytes"/>, naming what went wrong on the way.</summary>
    private async Task<HttpAnswer> SendAsync(Func<CancellationToken, Task<HttpResponseMessage>> send, OneLoginCall call, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await send(cancellationToken).ConfigureAwait(false);
            var body = await ReadBoundedBodyAsync(response, call, cancellationToken).ConfigureAwait(false);
            return new HttpAnswer((int)response.StatusCode, body, response.Content.Headers.ContentType?.MediaType, RetryAfterOf(response));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the caller gave up: not our error to describe
        }
        catch (OperationCanceledException e)
        {
            var limit = _http.Timeout == Timeout.InfiniteTimeSpan ? "in time" : $"within {_http.Timeout.TotalSeconds:0.#} s";
            throw new OneLoginException(OneLoginErrorKind.Timeout,
                $"OneLogin ({call.Host}) did not answer {limit}: check your network or proxy and try again", null, e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or SocketException)
        {
            var reason = MessageSanitizer.Redact(MessageSanitizer.OneLine(NetworkReason(e)), call.Secrets);
            throw new OneLoginException(OneLoginErrorKind.Network, $"Could not reach {call.Host}: {reason}", null, e);
        }
    }

    private static string NetworkReason(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
                return socket.Message;
            if (inner is AuthenticationException tls)
                return $"TLS failed ({tls.Message})";
        }
        return e.Message;
    }

    private static async Task<byte[]> ReadBoundedBodyAsync(HttpResponseMessage response, OneLoginCall call, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
            throw TooLarge(call, (int)response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
                throw TooLarge(call, (int)response.StatusCode);
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static OneLoginException TooLarge(OneLoginCall call, int status) =>
        Unexpected(call, status, $"OneLogin ({call.Host}) sent an answer larger than {MaxResponseBytes / (1024 * 1024)} MB, which is refused");

    private TimeSpan? RetryAfterOf(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is { } retryAfter)
        {
            if (retryAfter.Delta is { } delta)
                return delta;
            if (retryAfter.Date is { } date)
                return date > _clock.GetUtcNow() ? date - _clock.GetUtcNow() : TimeSpan.Zero;
        }
        // OneLogin documents X-RateLimit-Reset as seconds until the window resets; read an epoch time too, as other APIs send.
        if (response.Headers.TryGetValues("X-RateLimit-Reset", out var values)
            && long.TryParse(values.FirstOrDefault(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var reset)
            && reset >= 0)
        {
            if (reset < 1_000_000_000)
                return TimeSpan.FromSeconds(reset);
            var wait = DateTimeOffset.FromUnixTimeSeconds(reset) - _clock.GetUtcNow();
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>
    /// Checks the body is JSON before parsing it, so a proxy's HTML page gets a message that names the proxy, not a
    /// JSON parse error. Then raises OneLogin's error, whether signalled by HTTP status or by v1's <c>status.error</c>.
    /// </summary>
    private static OneLoginEnvelope ReadEnvelope(HttpAnswer answer, OneLoginCall call)
    {
        var success = answer.Status is >= 200 and < 300;
        var first = FirstSignificantByte(answer.Body);
        var isJson = first is (byte)'{' or (byte)'[';
        if (answer.Status == 429)
            throw OneLoginErrorClassifier.Classify(call, 429, isJson ? MessageOf(TryParse(answer.Body)) : null, answer.RetryAfter);

        var isHtml = first == (byte)'<' || answer.MediaType is "text/html" or "application/xhtml+xml";
        if (isHtml)
            throw Unexpected(call, answer.Status,
                $"OneLogin ({call.Host}) answered with an HTML page, not JSON (HTTP {answer.Status}): a proxy or captive portal may be in the way");
        if (!isJson)
        {
            if (!success)
                throw OneLoginErrorClassifier.Classify(call, answer.Status, null, answer.RetryAfter);
            throw Unexpected(call, answer.Status, answer.Body.Length == 0
                ? $"OneLogin ({call.Host}) sent an empty answer (HTTP {answer.Status})"
                : $"OneLogin ({call.Host}) answered with something that is not JSON (HTTP {answer.Status}{(answer.MediaType is null ? "" : ", " + answer.MediaType)})");
        }

        var envelope = TryParse(answer.Body);
        if (envelope is null)
        {
            if (!success)
                throw OneLoginErrorClassifier.Classify(call, answer.Status, null, answer.RetryAfter);
            throw Unexpected(call, answer.Status, $"OneLogin ({call.Host}) sent malformed JSON, or JSON that is not an object (HTTP {answer.Status})");
        }
        if (!success)
            throw OneLoginErrorClassifier.Classify(call, answer.Status, MessageOf(envelope), answer.RetryAfter);
        if (envelope.Status is { } status && (IsTrue(status.Error) || string.Equals(status.Type, "error", StringComparison.OrdinalIgnoreCase)))
            throw OneLoginErrorClassifier.Classify(call, CodeOf(envelope) ?? answer.Status, MessageOf(envelope));
        return envelope;
    }

    private static OneLoginEnvelope? TryParse(byte[] body)
    {
        try
        {
            return FirstSignificantByte(body) == (byte)'{' ? JsonSerializer.Deserialize(body, OneLoginJsonContext.Default.OneLoginEnvelope) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The payload from <paramref name="wrapped"/> (v1's <c>data</c>) when there is one, else from the whole body (v2, flat).</summary>
    private static T? Deserialize<T>(HttpAnswer answer, OneLoginCall call, JsonElement? wrapped, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type)
    {
        try
        {
            return wrapped is { } element ? element.Deserialize(type) : JsonSerializer.Deserialize(answer.Body, type);
        }
        catch (JsonException)
        {
            // Includes a field of an unexpected type; the exception text is not shown since it may quote the value.
            throw Unexpected(call, answer.Status, $"OneLogin's answer has fields of an unexpected type (HTTP {answer.Status})");
        }
    }

    /// <summary>The object inside v1's <c>data</c>: <c>data[0]</c>, or <c>data</c> itself when it is an object.</summary>
    private static JsonElement? PayloadElement(JsonElement data) => data.ValueKind switch
    {
        JsonValueKind.Object => data,
        JsonValueKind.Array when data.GetArrayLength() > 0 && data[0].ValueKind == JsonValueKind.Object => data[0],
        _ => null,
    };

    /// <summary>OneLogin's own words, from whichever error envelope it used.</summary>
    private static string? MessageOf(OneLoginEnvelope? envelope)
    {
        if (envelope is null)
            return null;
        var error = TextOf(envelope.Error);
        var oauth = error is not null && envelope.ErrorDescription is { Length: > 0 } description ? $"{error}: {description}" : envelope.ErrorDescription;
        return TextOf(envelope.Status?.Message) ?? TextOf(envelope.Message) ?? oauth ?? error ?? envelope.Name ?? envelope.Status?.Type;
    }

    private static int? CodeOf(OneLoginEnvelope envelope) =>
        (int?)(LongOf(envelope.Status?.Code ?? default) ?? LongOf(envelope.StatusCode));

    private static string? TextOf(JsonElement? element) => element switch
    {
        { ValueKind: JsonValueKind.String } e when !string.IsNullOrWhiteSpace(e.GetString()) => e.GetString(),
        { ValueKind: JsonValueKind.Object } e when e.TryGetProperty("description", out var d) => TextOf(d),
        _ => null,
    };

    private static long? LongOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(element.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var n) => n,
        _ => null,
    };

    private static bool IsTrue(JsonElement element) =>
        element.ValueKind == JsonValueKind.True
        || (element.ValueKind == JsonValueKind.String && string.Equals(element.GetString(), "true", StringComparison.OrdinalIgnoreCase));

    private static byte? FirstSignificantByte(byte[] body)
    {
        var start = body is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0; // UTF-8 byte order mark
        for (var i = start; i < body.Length; i++)
        {
            if (body[i] is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
                return body[i];
        }
        return null;
    }

    private static OneLoginException Unexpected(OneLoginCall call, int status, string message) =>
        new(OneLoginErrorKind.UnexpectedResponse, MessageSanitizer.Redact(message, call.Secrets), status == 0 ? null : status);

    private sealed record HttpAnswer(int Status, byte[] Body, string? MediaType, TimeSpan? RetryAfter);

    /// <summary>
    /// Hands Refit's requests to the caller's <see cref="HttpClient"/>, whose handler, proxy and timeout apply. An
    /// HttpClient sends a request message once, and ours has already claimed it, hence the copy (same body object).
    /// </summary>
    private sealed class CallerHttpClientHandler(HttpClient http) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var copy = new HttpRequestMessage(request.Method, request.RequestUri)
            {
                Content = request.Content,
                Version = request.Version,
                VersionPolicy = request.VersionPolicy,
            };
            foreach (var header in request.Headers)
                copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            foreach (var option in request.Options)
                ((IDictionary<string, object?>)copy.Options)[option.Key] = option.Value;
            return http.SendAsync(copy, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
    }
}
