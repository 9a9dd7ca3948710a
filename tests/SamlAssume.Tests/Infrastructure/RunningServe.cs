using System.Text.RegularExpressions;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// <c>samlassume serve</c> running in-process on the real command line until disposed (which is Ctrl-C): the URL and
/// token are read from the export lines it printed.
/// </summary>
public sealed class RunningServe : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter stdout = new();
    private Task<CliResult>? run;

    public Uri Url { get; private set; } = null!;
    public string Token { get; private set; } = null!;
    public string Stdout => stdout.ToString();

    public static async Task<RunningServe> StartAsync(TestWorkspace ws, string[] args, IReadOnlyDictionary<string, string?>? environment = null, TimeProvider? clock = null)
    {
        var serve = new RunningServe();
        serve.run = CliRun.RunAsync(ws, ["serve", .. args], environment: environment, clock: clock, stdoutSink: serve.stdout, cancellationToken: serve.stop.Token);
        for (var i = 0; i < 1200; i++)
        {
            var text = serve.stdout.ToString();
            var url = Regex.Match(text, "^export AWS_CONTAINER_CREDENTIALS_FULL_URI='([^']+)'$", RegexOptions.Multiline);
            var token = Regex.Match(text, "^export AWS_CONTAINER_AUTHORIZATION_TOKEN='([^']+)'$", RegexOptions.Multiline);
            if (url.Success && token.Success)
            {
                serve.Url = new Uri(url.Groups[1].Value);
                serve.Token = token.Groups[1].Value;
                return serve;
            }
            if (serve.run.IsCompleted) throw new InvalidOperationException("serve ended before printing its exports: " + await serve.run);
            await Task.Delay(50);
        }
        await serve.DisposeAsync();
        throw new TimeoutException("serve printed no exports within 60 s");
    }

    /// <summary>Stops the server as Ctrl-C would and returns what the whole run printed.</summary>
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
