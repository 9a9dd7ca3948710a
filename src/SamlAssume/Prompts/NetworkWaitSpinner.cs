using System.Text;
using SamlAssume.Net;

namespace SamlAssume.Prompts;

/// <summary>
/// At a terminal, a one-line spinner while a request has waited on the network for more than <see cref="Grace"/>:
/// "⠹ waiting for AWS STS (127.0.0.1:4566) AssumeRoleWithSAML… 12 s". It is erased the moment nothing waits any
/// more (synchronously, before a retry warning is written) and before every line written through <see cref="Lines"/>,
/// so it never shares a line with one. Without a terminal there is no spinner and nothing is printed while waiting.
/// Redrawn by a real-time timer: the command's clock may be a test's, and this is display only.
/// </summary>
public sealed class NetworkWaitSpinner : IDisposable
{
    /// <summary>A request answered within this never draws anything: a login's usual calls take well under it.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private const string Frames = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
    private const string EraseLine = "\r\x1b[K";

    private readonly Lock gate = new();
    private readonly NetworkWaits waits;
    private readonly TextWriter error;
    private readonly ITimer timer;
    private bool drawn;
    private int frame;
    private bool disposed;

    private NetworkWaitSpinner(NetworkWaits waits, TextWriter error)
    {
        this.waits = waits;
        this.error = error;
        Lines = new LineWriter(this);
        waits.Ended += OnEnded;
        timer = TimeProvider.System.CreateTimer(_ => Tick(), null, Interval, Interval);
    }

    /// <summary>
    /// A spinner for the command's waits when stderr is a terminal that moves its cursor (what Spectre detected for
    /// the command's console: no ANSI when stderr is redirected); otherwise null.
    /// </summary>
    public static NetworkWaitSpinner? ShowOn(CommandContext context) =>
        context.Console.Profile.Capabilities.Ansi ? new NetworkWaitSpinner(context.NetworkWaits, context.Error) : null;

    /// <summary>Stderr for whole lines (the progress log): the spinner is erased first and drawn again on its next tick.</summary>
    public TextWriter Lines { get; }

    private void Tick()
    {
        lock (gate)
        {
            if (disposed) return;
            if (waits.Oldest is not { } wait || wait.Elapsed < Grace)
            {
                Erase();
                return;
            }
            frame = (frame + 1) % Frames.Length;
            error.Write($"\r{Frames[frame]} waiting for {wait.What}… {wait.Elapsed.TotalSeconds:0} s\x1b[K");
            error.Flush();
            drawn = true;
        }
    }

    private void OnEnded()
    {
        lock (gate)
        {
            if (waits.Oldest is null) Erase();
        }
    }

    /// <summary>Under <see cref="gate"/>.</summary>
    private void Erase()
    {
        if (!drawn) return;
        error.Write(EraseLine);
        error.Flush();
        drawn = false;
    }

    public void Dispose()
    {
        timer.Dispose();
        waits.Ended -= OnEnded;
        lock (gate)
        {
            disposed = true;
            Erase();
        }
    }

    /// <summary>Writes lines to stderr with the spinner out of their way.</summary>
    private sealed class LineWriter(NetworkWaitSpinner spinner) : TextWriter
    {
        public override Encoding Encoding => spinner.error.Encoding;

        public override void Write(char value) => Locked(() => spinner.error.Write(value));

        public override void Write(string? value) => Locked(() => spinner.error.Write(value));

        public override void WriteLine(string? value) => Locked(() => spinner.error.WriteLine(value));

        public override void Flush() => spinner.error.Flush();

        private void Locked(Action write)
        {
            lock (spinner.gate)
            {
                spinner.Erase();
                write();
            }
        }
    }
}
