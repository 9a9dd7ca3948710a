using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// A Spectre prompt that Ctrl-C ends at once (<see cref="InterruptSignal"/>), hidden ones (password, MFA code,
/// YubiKey) included. Spectre's synchronous <c>Prompt</c> blocks in a key read that no token reaches: Ctrl-C then
/// waited for the two-second kill, printed no "interrupted" line, and keys typed meanwhile went into the answer (a
/// shell command was taken as a YubiKey code). Here the prompt waits for each key with the command's interrupt token,
/// so Ctrl-C throws <see cref="SamlAssume.Interrupted"/> (exit 130) before another key is read, and whatever was typed
/// so far is dropped with the prompt.
/// </summary>
public static class InterruptiblePrompt
{
    /// <exception cref="SamlAssume.Interrupted">Ctrl-C while the prompt waited.</exception>
    public static T Ask<T>(IAnsiConsole console, IPrompt<T> prompt, CancellationToken interrupt)
    {
        TurnOffEcho(console);
        try
        {
            var answer = console.PromptAsync(prompt, interrupt).GetAwaiter().GetResult();
            if (interrupt.IsCancellationRequested) throw new SamlAssume.Interrupted();
            return answer;
        }
        catch (OperationCanceledException) when (interrupt.IsCancellationRequested)
        {
            // The prompt's line is left unfinished: the "interrupted" line starts on its own.
            console.Write(new Text("\n"));
            throw new SamlAssume.Interrupted();
        }
    }

    /// <summary>
    /// Puts the terminal in no-echo mode before the question is shown. The async read only asks the terminal for a
    /// key every few milliseconds, and .NET switches echo off at the first such check: keys typed (or a password
    /// pasted) as soon as the question appeared were echoed by the terminal in between — seen under load in the pty
    /// test. Asking once first closes that window; .NET keeps echo off until the process ends (then restores it).
    /// </summary>
    private static void TurnOffEcho(IAnsiConsole console)
    {
        try
        {
            console.Input.IsKeyAvailable();
        }
        catch (InvalidOperationException)
        {
            // Standard input is not a terminal: nothing is echoed, and the prompt reads what is there.
        }
    }
}
