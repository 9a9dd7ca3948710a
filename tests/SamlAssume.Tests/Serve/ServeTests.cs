using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Serve;

/// <summary>
/// <c>samlassume serve</c> and <c>exec --server</c> through the real command line against the sandbox: the AWS CLI and
/// the .NET AWS SDK, each with nothing but the two container variables, get credentials from it — also across a
/// refresh — while requests without the token, or with a Host that is not loopback, are refused.
/// </summary>
public sealed class ServeTests
{
    private static string[] ServeArgs(TestWorkspace ws) => ["-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory];

    private static Dictionary<string, string?> Password => ProfileSetup.Password("demo-password");

    /// <summary>The AWS CLI with only the container variables for credentials (plus its way to the sandbox's STS).</summary>
    private static Dictionary<string, string> AwsCliEnvironment(TestWorkspace ws, RunningServe serve) => new()
    {
        ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = serve.Url.ToString(),
        ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = serve.Token,
        ["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(ws.Root, "no-credentials"),
        ["AWS_DATA_PATH"] = AwsCliEndpointRules.Write(ws.Root, ws.Sandbox.BaseUrl),
        ["AWS_DEFAULT_REGION"] = "eu-west-1",
    };

    private static string Arn(string json)
    {
        using var identity = JsonDocument.Parse(json);
        return identity.RootElement.GetProperty("Arn").GetString()!;
    }

    private static IReadOnlyList<string> CallerKeys(TestWorkspace ws) =>
        ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.GetCallerIdentity).Select(e => e.Fields["access_key_id"]).ToList();

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(Uri url, string? token, string? host = null)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (token is not null) request.Headers.TryAddWithoutValidation("Authorization", token);
        if (host is not null) request.Headers.Host = host;
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [AwsCliFact]
    public async Task The_AWS_CLI_gets_caller_identity_through_serve_and_new_credentials_after_a_refresh()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), Password, clock);
        var environment = AwsCliEnvironment(ws, serve);

        var first = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--output", "json");
        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", Arn(first.Stdout));
        var cached = JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath())).RootElement.GetProperty("AccessKeyId").GetString();
        Assert.Equal([cached!], CallerKeys(ws)); // served from credential-process's own cache entry

        // 50 of the session's 60 minutes later less than the 15 minutes --min-remaining asks for are left: serve refreshes.
        clock.Advance(TimeSpan.FromMinutes(50));
        var second = await AwsCli.RunAsync(ws.Home, environment, "sts", "get-caller-identity", "--output", "json");

        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", Arn(second.Stdout));
        var keys = CallerKeys(ws);
        Assert.Equal(2, keys.Count);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        var stopped = await serve.StopAsync();
        Assert.Equal(0, stopped.ExitCode);
        Assert.Equal(2, stopped.Stdout.TrimEnd('\n').Split('\n').Length); // the two export lines, nothing else
    }

    [Fact]
    public async Task The_dotnet_SDK_in_its_own_process_gets_credentials_through_serve_across_a_refresh()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), Password, clock);

        var start = new ProcessStartInfo(ProfileSetup.DotnetHost)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "SamlAssume.SdkClient.dll"));
        start.ArgumentList.Add(ws.Sandbox.BaseUrl.ToString());
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) start.Environment["DOTNET_ROOT"] = root;
        start.Environment["HOME"] = ws.Home;
        start.Environment["AWS_CONFIG_FILE"] = Path.Combine(ws.Root, "no-config");
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(ws.Root, "no-credentials");
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = serve.Url.ToString();
        start.Environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = serve.Token;
        using var sdk = Process.Start(start)!;
        var stderr = sdk.StandardError.ReadToEndAsync();
        async Task<string> CallAsync()
        {
            await sdk.StandardInput.WriteLineAsync("call " + clock.GetUtcNow().UtcDateTime.ToString("O"));
            await sdk.StandardInput.FlushAsync();
            return await sdk.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? "(no answer) " + await stderr;
        }
        const string developer = "arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com";

        Assert.Equal(developer, await CallAsync());
        // 59.5 minutes on, the SDK holds the first credentials for expired (it keeps a 1-minute buffer) and asks serve,
        // which finds under 15 minutes left in the cache and refreshes.
        clock.Advance(TimeSpan.FromMinutes(59.5));
        Assert.Equal(developer, await CallAsync());
        Assert.Equal(developer, await CallAsync()); // the SDK's own cache now

        sdk.StandardInput.Close();
        await sdk.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var keys = CallerKeys(ws);
        Assert.Equal(3, keys.Count);
        Assert.NotEqual(keys[0], keys[1]);
        Assert.Equal(keys[1], keys[2]);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_missing_or_wrong_token_is_401_and_a_Host_that_is_not_loopback_is_403()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), Password);

        var (missing, missingBody) = await GetAsync(serve.Url, token: null);
        var (wrong, _) = await GetAsync(serve.Url, serve.Token + "x");
        var (prefix, _) = await GetAsync(serve.Url, serve.Token[..^1]);
        var (bearer, _) = await GetAsync(serve.Url, "Bearer " + serve.Token);
        var (rebound, reboundBody) = await GetAsync(serve.Url, serve.Token, host: $"attacker.example:{serve.Url.Port}");
        var (rebound2, _) = await GetAsync(serve.Url, serve.Token, host: "127.0.0.1.nip.io");
        var (right, body) = await GetAsync(serve.Url, serve.Token);
        var (localhost, _) = await GetAsync(serve.Url, serve.Token, host: $"localhost:{serve.Url.Port}");
        var (unknownPath, _) = await GetAsync(new Uri(serve.Url, "latest/meta-data/"), serve.Token);

        Assert.Equal(HttpStatusCode.Unauthorized, missing);
        Assert.Equal("Unauthorized", JsonDocument.Parse(missingBody).RootElement.GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, prefix);
        Assert.Equal(HttpStatusCode.Unauthorized, bearer);
        Assert.Equal(HttpStatusCode.Forbidden, rebound);
        Assert.DoesNotContain("AccessKeyId", reboundBody);
        Assert.Equal(HttpStatusCode.Forbidden, rebound2);
        Assert.Equal(HttpStatusCode.OK, right);
        Assert.Equal(HttpStatusCode.OK, localhost);
        Assert.Equal(HttpStatusCode.NotFound, unknownPath);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal(["AccessKeyId", "SecretAccessKey", "Token", "Expiration"], json.EnumerateObject().Select(p => p.Name));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.GetProperty("Expiration").GetString());
    }

    [Fact]
    public async Task It_listens_on_loopback_only()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), Password);
        Assert.Equal("127.0.0.1", serve.Url.Host);

        var others = (await Dns.GetHostAddressesAsync(Dns.GetHostName()))
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a)).ToList();
        foreach (var address in others)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(address, serve.Url.Port));
        }
    }

    [Fact]
    public async Task Exec_server_gives_the_child_only_the_endpoint_and_stops_it_when_the_child_ends()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var dump = Path.Combine(ws.Root, "child-env");
        var body = Path.Combine(ws.Root, "child-body");
        // The child fetches its credentials the way an SDK does, with the header the variables give it.
        var fetch = "import os, urllib.request; r = urllib.request.Request(os.environ['AWS_CONTAINER_CREDENTIALS_FULL_URI'], headers={'Authorization': os.environ['AWS_CONTAINER_AUTHORIZATION_TOKEN']}); print(urllib.request.urlopen(r).read().decode())";
        var script = $"env > '{dump}'; python3 -c \"{fetch}\" > '{body}'";

        var result = await CliRun.RunAsync(ws, ["exec", "--server", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "/bin/sh", "-c", script],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password", ["AWS_ACCESS_KEY_ID"] = "AKIASTALE", ["AWS_PROFILE"] = "stale" });

        Assert.True(result.ExitCode == 0, result.ToString());
        var variables = File.ReadAllLines(dump).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.False(variables.ContainsKey("AWS_ACCESS_KEY_ID"));
        Assert.False(variables.ContainsKey("AWS_SESSION_TOKEN"));
        Assert.False(variables.ContainsKey("AWS_PROFILE"));
        Assert.Equal("eu-west-1", variables["AWS_REGION"]);
        var url = new Uri(variables["AWS_CONTAINER_CREDENTIALS_FULL_URI"]);
        Assert.Equal("127.0.0.1", url.Host);
        var cached = JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath())).RootElement;
        Assert.Equal(cached.GetProperty("AccessKeyId").GetString(), JsonDocument.Parse(File.ReadAllText(body)).RootElement.GetProperty("AccessKeyId").GetString());
        // The endpoint lived as long as the child.
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAnyAsync<SocketException>(() => socket.ConnectAsync(IPAddress.Loopback, url.Port));
    }

    [Fact]
    public async Task A_bad_port_is_one_line_and_exit_2()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["serve", .. ServeArgs(ws), "--port", "70000"], environment: Password);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--port must be between 0 and 65535", Assert.Single(result.Stderr.TrimEnd('\n').Split('\n')));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }
}

/// <summary><c>/role-arn/ARN</c>: another role of the same sign-in, without a second sign-in.</summary>
public sealed class ServeRoleArnTests
{
    [Fact]
    public async Task Another_role_of_the_same_assertion_is_served_without_signing_in_again_and_an_unknown_one_is_403()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ["-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory], ProfileSetup.Password("demo-password"));
        using var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", serve.Token);
        const string readOnly = "arn:aws:iam::111111111111:role/ReadOnly";

        using var other = await http.GetAsync(new Uri(serve.Url, "role-arn/" + readOnly));
        using var again = await http.GetAsync(new Uri(serve.Url, "role-arn/" + readOnly));
        using var unknown = await http.GetAsync(new Uri(serve.Url, "role-arn/arn:aws:iam::999999999999:role/Nope"));
        using var own = await http.GetAsync(serve.Url);

        Assert.Equal(System.Net.HttpStatusCode.OK, other.StatusCode);
        var otherKey = JsonDocument.Parse(await other.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessKeyId").GetString();
        Assert.Equal(otherKey, JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.NotEqual(otherKey, JsonDocument.Parse(await own.Content.ReadAsStringAsync()).RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, unknown.StatusCode);
        Assert.Contains("is not among the roles of the assertion", await unknown.Content.ReadAsStringAsync());
        // One sign-in for both roles: the assertion of the first was kept in the server's pipeline.
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        var assumed = ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml).Select(e => e.Fields["role_arn"]).ToList();
        Assert.Equal(["arn:aws:iam::333333333333:role/Developer", readOnly], assumed);
        // The role's entry lives in the same cache as the profile's, under a name no profile can have.
        Assert.Equal(2, Directory.GetFiles(Path.GetDirectoryName(ws.CachedCredentialsPath())!, "*.json").Length);
    }
}
