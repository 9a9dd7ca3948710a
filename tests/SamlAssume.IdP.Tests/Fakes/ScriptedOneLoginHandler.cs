using System.Net;
using System.Text;

namespace SamlAssume.IdP.Tests.Fakes;

/// <summary>A request as the fake server saw it (the body is read eagerly, since the client disposes it).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string Body);

/// <summary>
/// Stands in for OneLogin: answers each path with a canned, OneLogin-shaped response and records every request.
/// The token endpoint answers with a valid flat v2 token unless a test scripts otherwise.
/// </summary>
public sealed class ScriptedOneLoginHandler : HttpMessageHandler
{
    public const string TokenPath = "/auth/oauth2/v2/token";

    private readonly Dictionary<string, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>>> _routes = new(StringComparer.Ordinal);
    private readonly List<RecordedRequest> _requests = [];

    public ScriptedOneLoginHandler()
    {
        On(TokenPath, _ => Json(200, TestSecrets.FlatTokenJson));
    }

    public IReadOnlyList<RecordedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    public int CountTo(string path) => Requests.Count(r => r.Uri.AbsolutePath.EndsWith(path, StringComparison.Ordinal));

    public ScriptedOneLoginHandler On(string pathSuffix, Func<RecordedRequest, HttpResponseMessage> respond) =>
        OnAsync(pathSuffix, (request, _) => Task.FromResult(respond(request)));

    public ScriptedOneLoginHandler OnAsync(string pathSuffix, Func<RecordedRequest, CancellationToken, Task<HttpResponseMessage>> respond)
    {
        _routes[pathSuffix] = respond;
        return this;
    }

    /// <summary>Answers the path with each response in turn, repeating the last.</summary>
    public ScriptedOneLoginHandler OnSequence(string pathSuffix, params Func<HttpResponseMessage>[] responses)
    {
        var next = 0;
        return On(pathSuffix, _ => responses[Math.Min(Interlocked.Increment(ref next) - 1, responses.Length - 1)]());
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
        var authorization = request.Headers.TryGetValues("Authorization", out var values) ? string.Join(",", values) : null;
        var recorded = new RecordedRequest(request.Method, request.RequestUri!, authorization, body);
        lock (_requests) _requests.Add(recorded);
        // Longest suffix first, so "/saml_assertion/verify_factor" wins over "/saml_assertion".
        foreach (var (path, respond) in _routes.OrderByDescending(route => route.Key.Length))
        {
            if (recorded.Uri.AbsolutePath.EndsWith(path, StringComparison.Ordinal))
                return await respond(recorded, cancellationToken);
        }
        return new HttpResponseMessage(HttpStatusCode.NotFound) { Content = new StringContent("no route in the fake") };
    }

    public static HttpResponseMessage Json(int status, string json) =>
        new((HttpStatusCode)status) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    public static HttpResponseMessage Text(int status, string text, string mediaType) =>
        new((HttpStatusCode)status) { Content = new StringContent(text, Encoding.UTF8, mediaType) };
}
