using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamlAssume.Aws;

/// <summary>
/// Temporary credentials → an AWS console sign-in URL, in the two steps of IAM's "custom identity broker" page
/// (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html): GET
/// <c>federation?Action=getSigninToken&amp;Session={"sessionId","sessionKey","sessionToken"}</c> (optionally
/// <c>SessionDuration</c>, 900–43200 s) answers <c>{"SigninToken"}</c>; the URL is then
/// <c>federation?Action=login&amp;Issuer=…&amp;Destination=…&amp;SigninToken=…</c>, valid for 15 minutes.
/// SessionDuration is sent only when asked for: AWS answers 400 to it for role-chained credentials
/// (repost.aws knowledge-center "invalid-credentials-parameter"), so aws-vault never sends it for assumed roles.
/// </summary>
public sealed class ConsoleSignIn(HttpClient http)
{
    public const string Issuer = "samlassume";
    public const int MinSessionDuration = 900;
    public const int MaxSessionDuration = 43200;

    public async Task<Uri> SigninUrlAsync(SigninEndpoint endpoint, TemporaryCredentials credentials, Uri destination, int? sessionDuration, CancellationToken cancellationToken)
    {
        var session = JsonSerializer.Serialize(new FederationSession(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken), ConsoleJsonContext.Default.FederationSession);
        var query = new StringBuilder("Action=getSigninToken");
        if (sessionDuration is { } seconds) query.Append("&SessionDuration=").Append(seconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        query.Append("&Session=").Append(Uri.EscapeDataString(session));
        // The secrets travel in the query string, as the federation endpoint requires; never in a message of ours.
        var host = endpoint.FederationUrl.Host;
        HttpResponseMessage answer;
        string body;
        try
        {
            answer = await http.GetAsync(new UriBuilder(endpoint.FederationUrl) { Query = query.ToString() }.Uri, cancellationToken);
            body = await answer.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new StsUnavailable($"the AWS sign-in federation endpoint ({host}) did not answer within {http.Timeout.TotalSeconds:0.#} s; try again (or --http-timeout)", e);
        }
        catch (HttpRequestException e)
        {
            throw new StsUnavailable($"could not reach the AWS sign-in federation endpoint ({host}): {e.HttpRequestError}; check the network and try again", e);
        }
        using var response = answer;
        // Busy or down is the network's kind of failure, to try again later; not "the credentials may have expired".
        if ((int)response.StatusCode is 429 or >= 500)
        {
            throw new StsUnavailable($"the AWS sign-in federation endpoint ({host}) is unavailable (HTTP {(int)response.StatusCode}); try again in a minute",
                new HttpRequestException($"HTTP {(int)response.StatusCode}"));
        }
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new FederationRefusal(
                $"the AWS sign-in federation endpoint ({endpoint.FederationUrl.Host}) refused the credentials (HTTP {(int)response.StatusCode})" +
                (sessionDuration is null ? ": they may have expired; try again" : ": they may have expired, or --duration is not allowed for them (role chaining); try without it"));
        }
        string? token;
        try
        {
            token = JsonSerializer.Deserialize(body, ConsoleJsonContext.Default.SigninTokenAnswer)?.SigninToken;
        }
        catch (JsonException)
        {
            token = null;
        }
        if (string.IsNullOrEmpty(token))
        {
            throw new StsUnavailable($"the AWS sign-in federation endpoint ({endpoint.FederationUrl.Host}) answered without a SigninToken (a proxy's page?)",
                new InvalidDataException("no SigninToken"));
        }
        var login = $"Action=login&Issuer={Uri.EscapeDataString(Issuer)}&Destination={Uri.EscapeDataString(destination.AbsoluteUri)}&SigninToken={Uri.EscapeDataString(token)}";
        return new UriBuilder(endpoint.FederationUrl) { Query = login }.Uri;
    }
}

/// <summary>The federation endpoint would not make a sign-in token of these credentials (expired, role-chained with SessionDuration).</summary>
public sealed class FederationRefusal(string message) : Exception(message);

internal sealed record FederationSession(
    [property: JsonPropertyName("sessionId")] string SessionId,
    [property: JsonPropertyName("sessionKey")] string SessionKey,
    [property: JsonPropertyName("sessionToken")] string SessionToken)
{
    public override string ToString() => $"FederationSession {{ SessionId = {SessionId} }}";
}

internal sealed record SigninTokenAnswer(string? SigninToken)
{
    public override string ToString() => "SigninTokenAnswer";
}

[JsonSerializable(typeof(FederationSession))]
[JsonSerializable(typeof(SigninTokenAnswer))]
internal sealed partial class ConsoleJsonContext : JsonSerializerContext;
