using Spectre.Console;

namespace SamlAssume.Keyring;

/// <summary>
/// A secret to store, typed (hidden) at a terminal or, in a script, read line by line from standard input — never
/// from the command line, where other users could list it.
/// </summary>
public sealed class SecretInput(CommandContext context)
{
    /// <param name="what">What the value is, as the prompt and errors name it.</param>
    public string Read(string what, bool secret = true)
    {
        if (context.IsInteractive)
        {
            var prompt = new TextPrompt<string>($"{what}:");
            if (secret) prompt = prompt.Secret();
            return Prompts.InterruptiblePrompt.Ask(context.Console, prompt, context.Interrupt).Trim();
        }
        var line = context.In.ReadLine();
        // Only the line ending goes: spaces may belong to a password.
        if (string.IsNullOrEmpty(line))
        {
            throw new InvalidInput($"standard input held no {what} (one per line; or run this at a terminal to be asked)");
        }
        return secret ? line : line.Trim();
    }
}
