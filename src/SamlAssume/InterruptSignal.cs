using System.Runtime.InteropServices;

namespace SamlAssume;

/// <summary>
/// Ctrl-C as a token a waiting prompt can watch. System.CommandLine cancels only the token it hands the command,
/// then waits two seconds for the command to notice and kills the process: a prompt blocked on a key never notices,
/// so the process lingered and left the terminal mid-prompt. Prompts read keys with this token instead and return
/// at once, and the command ends the ordinary way (terminal restored, "interrupted", exit 130).
/// </summary>
public static class InterruptSignal
{
    private static readonly Lock Gate = new();
    private static CancellationTokenSource? source;
    private static PosixSignalRegistration? registration;

    /// <summary>Registers for SIGINT on first use; the process's Ctrl-C from then on cancels the token.</summary>
    public static CancellationToken ForProcess()
    {
        lock (Gate)
        {
            if (source is null)
            {
                source = new CancellationTokenSource();
                // Not context.Cancel: System.CommandLine's own handler decides how the process ends.
                var cancel = source;
                registration = PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => cancel.Cancel());
            }
            return source.Token;
        }
    }
}
