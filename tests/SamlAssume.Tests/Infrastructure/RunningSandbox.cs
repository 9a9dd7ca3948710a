using System.Text.RegularExpressions;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// <c>samlassume sandbox</c> running in-process on the real command line until disposed (which is Ctrl-C); the URL and
/// the signing certificate's fingerprint are read from its banner.
/// </summary>
public sealed class RunningSandbox : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter stdout = new();
    private Task<CliResult>? run;

    public string ApiUrl { get; private set; } = null!;
    public string Fingerprint { get; private set; } = null!;
    public string Banner => stdout.ToString();

    public static async Task<RunningSandbox> StartAsync(TestWorkspace ws, string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var sandbox = new RunningSandbox();
        sandbox.run = CliRun.RunAsync(ws, ["sandbox", .. args], environment: environment, stdoutSink: sandbox.stdout, cancellationToken: sandbox.stop.Token);
        for (var i = 0; i < 1200; i++)
        {
            var text = sandbox.stdout.ToString();
            if (text.Contains("Press Ctrl+C to stop."))
            {
                sandbox.ApiUrl = Regex.Match(text, @"listening on (http://127\.0\.0\.1:\d+)/").Groups[1].Value;
                sandbox.Fingerprint = Regex.Match(text, "IdP signing certificate SHA-256 ([0-9A-F:]{95})").Groups[1].Value;
                return sandbox;
            }
            if (sandbox.run.IsCompleted) throw new InvalidOperationException("sandbox ended before its banner: " + await sandbox.run);
            await Task.Delay(50);
        }
        await sandbox.DisposeAsync();
        throw new TimeoutException("sandbox printed no banner within 60 s");
    }

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
    public async Task<CliResult> StopAsync()
    {
        await stop.CancelAsync();
        return await run!.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (run is not null && !run.IsCompleted) await StopAsync();
        stop.Dispose();
    }
}
