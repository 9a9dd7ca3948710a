using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox.Tests;

public sealed class TokenTests
{
    private static async Task<(int Status, JsonObject Body)> RequestTokenAsync(SandboxServer sandbox, string path, Action<HttpRequestMessage> authorize, string grantType = "client_credentials")
    {
        using var calls = new SandboxCalls(sandbox);
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = SandboxCalls.Json(new JsonObject { ["grant_type"] = grantType }) };
        authorize(request);
        using var response = await calls.Http.SendAsync(request);
        return ((int)response.StatusCode, await SandboxCalls.ReadJsonAsync(response));
    }

    private static Action<HttpRequestMessage> ClientIdHeader(string id, string secret) =>
        r => r.Headers.TryAddWithoutValidation("Authorization", $"client_id:{id}, client_secret:{secret}");

    private static Action<HttpRequestMessage> Basic(string id, string secret) =>
        r => r.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{id}:{secret}")));

    [Fact]
    public async Task V2_token_with_client_id_header_is_flat()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (status, body) = await RequestTokenAsync(sandbox, "auth/oauth2/v2/token", ClientIdHeader("sandbox-client-id", "sandbox-client-secret"));
        Assert.Equal(200, status);
        Assert.False(string.IsNullOrEmpty(body["access_token"]!.GetValue<string>()));
        Assert.Equal(36000, body["expires_in"]!.GetValue<int>());
        Assert.Equal("bearer", body["token_type"]!.GetValue<string>());
        Assert.NotNull(body["refresh_token"]);
        Assert.NotNull(body["created_at"]);
        Assert.NotNull(body["account_id"]);
    }

    [Fact]
    public async Task V2_token_with_basic_auth_works()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (status, body) = await RequestTokenAsync(sandbox, "auth/oauth2/v2/token", Basic("sandbox-client-id", "sandbox-client-secret"));
        Assert.Equal(200, status);
        Assert.NotNull(body["access_token"]);
        Assert.Equal("basic", sandbox.Journal.Entries.Single().Fields["auth_style"]);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Bad_client_credentials_are_401_Authentication_Failure(bool basic)
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (status, body) = await RequestTokenAsync(sandbox, "auth/oauth2/v2/token",
            basic ? Basic("sandbox-client-id", "wrong") : ClientIdHeader("sandbox-client-id", "wrong"));
        Assert.Equal(401, status);
        Assert.True(body["status"]!["error"]!.GetValue<bool>());
        Assert.Equal(401, body["status"]!["code"]!.GetValue<int>());
        Assert.Equal("Unauthorized", body["status"]!["type"]!.GetValue<string>());
        Assert.Equal("Authentication Failure", body["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Wrong_grant_type_is_400()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (status, body) = await RequestTokenAsync(sandbox, "auth/oauth2/v2/token", ClientIdHeader("sandbox-client-id", "sandbox-client-secret"), "password");
        Assert.Equal(400, status);
        Assert.Equal("grant_type is incorrect/absent", body["status"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task V1_token_is_wrapped_in_status_and_data_array()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var (status, body) = await RequestTokenAsync(sandbox, "auth/oauth2/token", ClientIdHeader("sandbox-client-id", "sandbox-client-secret"));
        Assert.Equal(200, status);
        Assert.False(body["status"]!["error"]!.GetValue<bool>());
        Assert.Equal("success", body["status"]!["type"]!.GetValue<string>());
        Assert.NotNull(body["data"]![0]!["access_token"]);
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.Token));
    }
}
