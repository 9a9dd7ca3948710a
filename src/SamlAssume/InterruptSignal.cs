using System.Runtime.InteropServices;

namespace SamlAssume;

/// <summary>
/// Ctrl-C (SIGINT) and SIGTERM as one token that the command's async work and its prompts both watch. We handle
/// the signals ourselves instead of System.CommandLine: its handler blocks the signal thread for its two-second
/// grace, and .NET runs registrations in no fixed order, so a prompt waiting for a key sometimes heard of Ctrl-C
/// only when the process was killed — lingering two seconds and leaving the terminal mid-prompt.
/// </summary>
public static class InterruptSignal
{
    private const int SigintExitCode = 130;
    private const int SigtermExitCode = 143;

    private static readonly CancellationTokenSource Source = new();
    private static int childrenOwningCtrlC;

    /// <summary>Cancelled on the first SIGINT or SIGTERM after <see cref="Register"/>.</summary>
    public static CancellationToken Token => Source.Token;

    /// <summary>
    /// Takes over SIGINT and SIGTERM until disposed: cancels <see cref="Token"/>, and if the command has not ended
    /// <paramref name="grace"/> later, exits with 130 (143 for SIGTERM) as a shell reports it.
    /// </summary>
    public static IDisposable Register(TimeSpan grace)
    {
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // we end the process, after the command has had its chance to clean up
            // The terminal sent Ctrl-C to the whole foreground group: the child `exec` runs got it too and decides.
            if (context.Signal == PosixSignal.SIGINT && Volatile.Read(ref childrenOwningCtrlC) > 0) return;
            var exitCode = context.Signal == PosixSignal.SIGTERM ? SigtermExitCode : SigintExitCode;
            try { Source.Cancel(); } catch (AggregateException) { /* a callback failed: still exit below */ }
            _ = Task.Delay(grace).ContinueWith(_ => Environment.Exit(exitCode), TaskScheduler.Default);
        }
        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal));
    }

    /// <summary>
    /// While a child runs in the foreground (<c>exec</c>), Ctrl-C is the child's: a shell or REPL cancels a line and
    /// carries on, so we must neither kill it nor leave. SIGTERM still ends both.
    /// </summary>
    public static IDisposable LeaveCtrlCToChild()
    {
        Interlocked.Increment(ref childrenOwningCtrlC);
        return new Scope();
    }

    private sealed class Scope : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0) Interlocked.Decrement(ref childrenOwningCtrlC);
        }
    }

    private sealed class Registrations(params IDisposable[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var r in registrations) r.Dispose();
        }
    }
}
