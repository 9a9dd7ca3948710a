using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox.Tests;

/// <summary>Plain HTTP calls against a sandbox, written the way a OneLogin/STS client would send them.</summary>
internal sealed class SandboxCalls : IDisposable
{
    public const string AppId = "424242";
    public const string Subdomain = "sandbox";

    public HttpClient Http { get; }

    public SandboxCalls(SandboxServer sandbox, TimeSpan? timeout = null) =>
        Http = new HttpClient { BaseAddress = sandbox.BaseUrl, Timeout = timeout ?? TimeSpan.FromSeconds(30) };

    public async Task<string> TokenAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/oauth2/v2/token")
        {
            Content = Json(new JsonObject { ["grant_type"] = "client_credentials" }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", "client_id:sandbox-client-id, client_secret:sandbox-client-secret");
        using var response = await Http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await ReadJsonAsync(response))["access_token"]!.GetValue<string>();
    }

    public async Task<(int Status, JsonObject Body)> PostAsync(string path, JsonObject body, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Json(body) };
        if (authorization is not null) request.Headers.TryAddWithoutValidation("Authorization", authorization);
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonObject Body)> GetAsync(string path, string? token = null, bool authorize = true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (authorize) request.Headers.TryAddWithoutValidation("Authorization", $"bearer:{token ?? await TokenAsync()}");
        using var response = await Http.SendAsync(request);
        return ((int)response.StatusCode, await ReadJsonAsync(response));
    }

    public async Task<(int Status, JsonObject Body)> SamlAssertionAsync(string username, string password, int version = 2, string? token = null,
        string appId = AppId, string subdomain = Subdomain)
    {
        token ??= await TokenAsync();
        return await PostAsync($"api/{version}/saml_assertion", new JsonObject
        {
            ["username_or_email"] = username, ["password"] = password, ["app_id"] = appId, ["subdomain"] = subdomain,
        }, $"bearer:{token}");
    }

    public async Task<(int Status, JsonObject Body)> VerifyAsync(string stateToken, long deviceId, string? otp = null, bool doNotNotify = false,
        int version = 2, string? token = null)
    {
        token ??= await TokenAsync();
        var body = new JsonObject { ["app_id"] = AppId, ["device_id"] = deviceId.ToString(), ["state_token"] = stateToken, ["do_not_notify"] = doNotNotify };
        if (otp is not null) body["otp_token"] = otp;
        return await PostAsync($"api/{version}/saml_assertion/verify_factor", body, $"bearer {token}");
    }

    /// <summary>The base64 SAMLResponse for a user without MFA.</summary>
    public async Task<string> AssertionAsync(string username, string password)
    {
        var (status, body) = await SamlAssertionAsync(username, password);
        Assert.Equal(200, status);
        return body["data"]!.GetValue<string>();
    }

    public async Task<(int Status, string Xml)> StsAsync(params (string Name, string Value)[] form)
    {
        using var content = new FormUrlEncodedContent(form.Select(p => new KeyValuePair<string, string>(p.Name, p.Value)));
        using var response = await Http.PostAsync("/", content);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<(int Status, string Xml)> AssumeAsync(string assertion, string roleArn, string principalArn, int? duration = null)
    {
        var form = new List<(string, string)>
        {
            ("Action", "AssumeRoleWithSAML"), ("Version", "2011-06-15"), ("RoleArn", roleArn), ("PrincipalArn", principalArn), ("SAMLAssertion", assertion),
        };
        if (duration is { } d) form.Add(("DurationSeconds", d.ToString()));
        return StsAsync(form.ToArray());
    }

    public static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));

    public static async Task<JsonObject> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text)?.AsObject() ?? throw new JsonException("empty body");
    }

    public void Dispose() => Http.Dispose();
}
