using System.Text.Json;
using SamlAssume.Sandbox;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A per-test home directory, working directory and config directory, pointed at a sandbox. Nothing is shared
/// between tests, so they run in parallel.
/// </summary>
public sealed class TestWorkspace : IAsyncDisposable
{
    public string Root { get; }
    public string Home => Path.Combine(Root, "home");
    public string WorkingDirectory => Path.Combine(Root, "work");
    public string ConfigDirectory => Path.Combine(Root, "config");
    public string CredentialsPath => Path.Combine(Home, ".aws", "credentials");
    public SandboxServer Sandbox { get; }
    public Dictionary<string, string?> Environment { get; }

    private TestWorkspace(SandboxServer sandbox)
    {
        Sandbox = sandbox;
        Root = Directory.CreateTempSubdirectory("samlassume-test-").FullName;
        Directory.CreateDirectory(Home);
        Directory.CreateDirectory(WorkingDirectory);
        Directory.CreateDirectory(ConfigDirectory);
        Environment = new Dictionary<string, string?>
        {
            ["HOME"] = Home,
            ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
            ["AWS_ENDPOINT_URL_IAM"] = sandbox.BaseUrl.ToString(),
        };
    }

    public static async Task<TestWorkspace> StartAsync(SandboxOptions? options = null)
    {
        var sandbox = await SandboxServer.StartAsync(options ?? new SandboxOptions());
        return new TestWorkspace(sandbox);
    }

    public string ApiUrl => Sandbox.BaseUrl.ToString().TrimEnd('/');
    public string AppId => Sandbox.Tenant.Apps[0].AppId;

    /// <summary>onelogin.sdk.json with the sandbox's API client, in the config directory.</summary>
    public TestWorkspace WithSdkConfig(string? clientSecret = null)
    {
        WriteJson(Path.Combine(ConfigDirectory, "onelogin.sdk.json"), new Dictionary<string, object?>
        {
            ["client_id"] = Sandbox.Tenant.ClientId,
            ["client_secret"] = clientSecret ?? Sandbox.Tenant.ClientSecret,
            ["region"] = "us",
            ["api_url"] = ApiUrl,
        });
        return this;
    }

    public TestWorkspace WithAwsConfig(Dictionary<string, object?> values)
    {
        WriteJson(Path.Combine(ConfigDirectory, "onelogin.aws.json"), values);
        return this;
    }

    public static void WriteJson(string path, Dictionary<string, object?> values) =>
        File.WriteAllText(path, JsonSerializer.Serialize(values));

    /// <summary>Arguments for a non-interactive login of <paramref name="user"/> with everything on the command line.</summary>
    public string[] LoginArgs(string user, string password, params string[] extra) =>
    [
        "login", "-c", ConfigDirectory, "-u", user, "--onelogin-password", password, "-a", AppId, "-d", Sandbox.Tenant.Subdomain,
        .. extra,
    ];

    public Task<CliResult> RunAsync(params string[] args) => CliRun.RunAsync(this, args);

    public async ValueTask DisposeAsync()
    {
        await Sandbox.DisposeAsync();
        try { Directory.Delete(Root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
