using System.Text;
using Spectre.Console;

namespace SamlAssume.Mfa;

/// <summary>
/// Reads a code typed while something else is on screen (the push spinner): digits, Backspace, Enter.
/// It only reads a key that is already waiting and otherwise sleeps briefly, so cancelling it (the push won, Ctrl-C)
/// leaves no read blocked on the terminal to swallow the next key the user types at a later prompt.
/// </summary>
public sealed class TypedCodeReader(IAnsiConsoleInput input)
{
    /// <summary>Checking for a key this often is unnoticeable to a typist and costs nothing.</summary>
    private static readonly TimeSpan KeyCheckInterval = TimeSpan.FromMilliseconds(20);

    private volatile int _length;

    /// <summary>How many characters are typed so far, to echo as dots: never the characters themselves.</summary>
    public int Length => _length;

    /// <returns>The code, once Enter is pressed after at least one digit.</returns>
    public async Task<string> ReadAsync(CancellationToken cancellationToken)
    {
        var code = new StringBuilder();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!input.IsKeyAvailable())
            {
                await Task.Delay(KeyCheckInterval, cancellationToken);
                continue;
            }
            if (input.ReadKey(intercept: true) is not { } key) continue;
            if (key.Key == ConsoleKey.Enter)
            {
                if (code.Length > 0) return code.ToString();
            }
            else if (key.Key == ConsoleKey.Backspace)
            {
                if (code.Length > 0) code.Length--;
            }
            else if (char.IsAsciiDigit(key.KeyChar) && code.Length < 16)
            {
                code.Append(key.KeyChar);
            }
            _length = code.Length;
        }
    }
}
