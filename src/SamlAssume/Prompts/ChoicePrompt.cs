using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// A choice from a list: Spectre's arrow-key list where the terminal understands ANSI, otherwise a numbered list and
/// a number typed at a text prompt (stderr redirected to a file, a dumb terminal), instead of failing.
/// </summary>
public static class ChoicePrompt
{
    public static T Choose<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, Func<T, string> label, CancellationToken interrupt = default)
        where T : notnull
    {
        if (console.Profile.Capabilities.Ansi)
        {
            var prompt = new SelectionPrompt<Labelled<T>>()
                .Title(Markup.Escape(title))
                .PageSize(15)
                .UseConverter(item => Markup.Escape(item.Label))
                .AddChoices(items.Select(item => new Labelled<T>(item, label(item))));
            return Ask(console, prompt, interrupt).Value;
        }
        return Numbered(console, title, items, label, interrupt);
    }

    /// <summary>
    /// A menu (the -x loop's "What next?"): Up/Down wrap around, Enter chooses, <c>q</c> chooses <paramref name="quit"/>
    /// at once — in the arrow-key list and in the numbered one alike.
    /// </summary>
    public static T Menu<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, Func<T, string> label, T quit, CancellationToken interrupt = default)
        where T : notnull
    {
        if (console.Profile.Capabilities.Ansi)
        {
            var chosen = new SearchList<T>(title + " (q quits)", items, label, item => [label(item)])
            {
                Hotkey = key => key is 'q' or 'Q' ? quit : default,
            }.Show(console, interrupt);
            console.Write(new Text($"{title} {label(chosen)}\n"));
            return chosen;
        }
        console.Write(new Text(title + "\n"));
        for (var i = 0; i < items.Count; i++)
        {
            console.Write(new Text($"  {i + 1,3}. {label(items[i])}\n"));
        }
        var answer = Ask(console, new TextPrompt<string>($"Number (1-{items.Count}, q quits):")
            .Validate(a => a.Trim() is "q" or "Q" || int.TryParse(a.Trim(), out var n) && n >= 1 && n <= items.Count
                ? ValidationResult.Success() : ValidationResult.Error($"Type a number from 1 to {items.Count}, or q")), interrupt).Trim();
        return answer is "q" or "Q" ? quit : items[int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture) - 1];
    }

    /// <summary>The list numbered, and a number typed: what a terminal without cursor movement can show.</summary>
    public static T Numbered<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, Func<T, string> label, CancellationToken interrupt = default)
    {
        console.Write(new Text(title + "\n"));
        for (var i = 0; i < items.Count; i++)
        {
            console.Write(new Text($"  {i + 1,3}. {label(items[i])}\n"));
        }
        var number = Ask(console, new TextPrompt<int>($"Number (1-{items.Count}):")
            .Validate(n => n >= 1 && n <= items.Count ? ValidationResult.Success() : ValidationResult.Error($"Type a number from 1 to {items.Count}")), interrupt);
        return items[number - 1];
    }

    private static TResult Ask<TResult>(IAnsiConsole console, IPrompt<TResult> prompt, CancellationToken interrupt) =>
        InterruptiblePrompt.Ask(console, prompt, interrupt);

    /// <summary>What Ctrl-C at a prompt ends the command with: exit 130, no stack trace.</summary>
    public static SamlAssume.Interrupted Interrupted() => new();

    /// <summary>Spectre's list shows the converted label: keep the label with the value.</summary>
    private sealed record Labelled<T>(T Value, string Label)
    {
        public override string ToString() => Label;
    }
}
