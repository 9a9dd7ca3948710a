using System.Text.RegularExpressions;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// <c>samlassume sandbox</c> running in-process on the real command line until disposed (which is Ctrl-C); the URL and
/// the signing certificate's fingerprint are read from its banner.
/// </summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private readonly RunningCommand command;

    private RunningSandbox(RunningCommand command)
    {
        this.command = command;
        ApiUrl = Regex.Match(command.Stdout, @"listening on (http://127\.0\.0\.1:\d+)/").Groups[1].Value;
        Fingerprint = Regex.Match(command.Stdout, "IdP signing certificate SHA-256 ([0-9A-F:]{95})").Groups[1].Value;
    }

    public string ApiUrl { get; }
    public string Fingerprint { get; }
    public string Banner => command.Stdout;

    public static async Task<RunningSandbox> StartAsync(TestWorkspace ws, string[] args, IReadOnlyDictionary<string, string?>? environment = null) =>
        new(await RunningCommand.StartAsync(ws, ["sandbox", .. args], text => text.Contains("Press Ctrl+C to stop."), "its banner", environment));

    /// <summary>onelogin.sdk.json in the workspace's config directory pointing at this sandbox's API client.</summary>
    public void WriteSdkConfig(TestWorkspace ws) =>
        TestWorkspace.WriteJson(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), new Dictionary<string, object?>
        {
            ["client_id"] = ws.Sandbox.Tenant.ClientId,
            ["client_secret"] = ws.Sandbox.Tenant.ClientSecret,
            ["region"] = "us",
            ["api_url"] = ApiUrl,
        });

    /// <summary>Stops the sandbox as Ctrl-C would and returns what the whole run printed.</summary>
    public Task<CliResult> StopAsync() => command.StopAsync();

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
