using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// The AWS sign-in federation endpoint (<c>GET /federation</c>), as IAM's "custom identity broker" page describes it
/// (docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html):
/// <c>Action=getSigninToken&amp;Session={"sessionId","sessionKey","sessionToken"}[&amp;SessionDuration=900..43200]</c>
/// answers <c>{"SigninToken":"…"}</c> for temporary credentials this sandbox's STS issued and that have not expired;
/// <c>Action=login&amp;Issuer=…&amp;Destination=…&amp;SigninToken=…</c> redirects to Destination while the token is valid
/// (15 minutes after it was made, as the page says of the URL). Anything else is the 400 the real endpoint answers
/// with a text body; the exact body text is unconfirmed, so only the status is relied on.
/// </summary>
internal sealed class FederationApi(SandboxState state)
{
    public const string GetSigninToken = "getSigninToken";
    public const string Login = "login";
    public static readonly TimeSpan SigninTokenLifetime = TimeSpan.FromMinutes(15);

    private readonly ConcurrentDictionary<string, (IssuedCredential Credential, DateTimeOffset Expires)> _tokens = new(StringComparer.Ordinal);

    /// <summary>The action, for the journal and faults, before the answer is made.</summary>
    public static string EndpointOf(HttpContext context) =>
        context.Request.Query["Action"].ToString() switch
        {
            GetSigninToken => SandboxEndpoints.GetSigninToken,
            Login => SandboxEndpoints.ConsoleLogin,
            _ => SandboxEndpoints.Federation,
        };

    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var query = context.Request.Query;
        switch (query["Action"].ToString())
        {
            case GetSigninToken:
                var issued = Session(query["Session"].ToString());
                if (issued is null)
                {
                    await BadRequestAsync(context, "Invalid credentials");
                    return;
                }
                record.Set("access_key_id", issued.AccessKeyId);
                record.Set("role_arn", issued.AssumedRoleArn);
                var duration = query["SessionDuration"].ToString();
                if (duration.Length > 0)
                {
                    record.Set("session_duration", duration);
                    if (!int.TryParse(duration, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) || seconds is < 900 or > 43200)
                    {
                        await BadRequestAsync(context, "Invalid SessionDuration");
                        return;
                    }
                }
                var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(96)).Replace('+', '-').Replace('/', '_').TrimEnd('=');
                _tokens[token] = (issued, state.Clock.GetUtcNow() + SigninTokenLifetime);
                await HttpAnswers.JsonAsync(context, 200, new JsonObject { ["SigninToken"] = token });
                return;

            case Login:
                var destination = query["Destination"].ToString();
                record.Set("destination", destination);
                record.Set("issuer", query["Issuer"].ToString());
                if (!_tokens.TryGetValue(query["SigninToken"].ToString(), out var held) || state.Clock.GetUtcNow() >= held.Expires)
                {
                    await BadRequestAsync(context, "Invalid SigninToken");
                    return;
                }
                record.Set("role_arn", held.Credential.AssumedRoleArn);
                if (!Uri.TryCreate(destination, UriKind.Absolute, out var target) || target.Scheme != Uri.UriSchemeHttps)
                {
                    await BadRequestAsync(context, "Invalid Destination");
                    return;
                }
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = target.AbsoluteUri;
                return;

            default:
                await BadRequestAsync(context, "Invalid Action");
                return;
        }
    }

    /// <summary>The issued credential the Session JSON names, if its secret and token match and it has not expired.</summary>
    private IssuedCredential? Session(string json)
    {
        string? id, key, token;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            id = Text(root, "sessionId");
            key = Text(root, "sessionKey");
            token = Text(root, "sessionToken");
        }
        catch (JsonException)
        {
            return null;
        }
        if (id is null || key is null || token is null) return null;
        var issued = state.Credentials.Find(id);
        if (issued is null || !SigV4Verifier.FixedEquals(issued.SecretAccessKey, key) || !SigV4Verifier.FixedEquals(issued.SessionToken, token)) return null;
        return state.Clock.GetUtcNow() < issued.Expiration ? issued : null;
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static Task BadRequestAsync(HttpContext context, string message)
    {
        RequestRecord.Of(context).Set("error", message);
        context.Response.StatusCode = 400;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
