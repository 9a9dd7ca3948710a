namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A samlassume command that runs until interrupted (<c>sandbox</c>, <c>serve</c>), running in-process on the real
/// command line until stopped as Ctrl-C would stop it; started once its standard output says it is ready.
/// </summary>
public sealed class RunningCommand : IAsyncDisposable
{
    private readonly CancellationTokenSource stop = new();
    private readonly StringWriter stdout = new();
    private readonly Task<CliResult> run;

    private RunningCommand(TestWorkspace ws, string[] args, IReadOnlyDictionary<string, string?>? environment, TimeProvider? clock) =>
        run = CliRun.RunAsync(ws, args, environment: environment, clock: clock, stdoutSink: stdout, cancellationToken: stop.Token);

    /// <summary>What it has printed on standard output so far.</summary>
    public string Stdout => stdout.ToString();

    /// <summary>Starts <paramref name="args"/> and waits, at most 60 s, until <paramref name="ready"/> holds for its output.</summary>
    /// <param name="readyText">What it prints when ready, for the messages when it does not.</param>
    public static async Task<RunningCommand> StartAsync(TestWorkspace ws, string[] args, Func<string, bool> ready, string readyText,
        IReadOnlyDictionary<string, string?>? environment = null, TimeProvider? clock = null)
    {
        var command = new RunningCommand(ws, args, environment, clock);
        for (var i = 0; i < 1200; i++)
        {
            if (ready(command.Stdout)) return command;
            if (command.run.IsCompleted) throw new InvalidOperationException($"{args[0]} ended before printing {readyText}: " + await command.run);
            await Task.Delay(50);
        }
        await command.DisposeAsync();
        throw new TimeoutException($"{args[0]} printed no {readyText} within 60 s");
    }

    /// <summary>Stops it as Ctrl-C would and returns what the whole run printed.</summary>
    public async Task<CliResult> StopAsync()
    {
        await stop.CancelAsync();
        return await run.WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!run.IsCompleted) await StopAsync();
        stop.Dispose();
    }
}
