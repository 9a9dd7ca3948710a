using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// A choice from a list: Spectre's arrow-key list where the terminal understands ANSI, otherwise a numbered list and
/// a number typed at a text prompt (stderr redirected to a file, a dumb terminal), instead of failing.
/// </summary>
public static class ChoicePrompt
{
    public static T Choose<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, Func<T, string> label, bool searchable = false)
        where T : notnull
    {
        if (console.Profile.Capabilities.Ansi)
        {
            var prompt = new SelectionPrompt<Labelled<T>>()
                .Title(Markup.Escape(title))
                .PageSize(15)
                .UseConverter(item => Markup.Escape(item.Label))
                .AddChoices(items.Select(item => new Labelled<T>(item, label(item))));
            if (searchable) prompt = prompt.EnableSearch();
            return console.Prompt(prompt).Value;
        }
        console.Write(new Text(title + "\n"));
        for (var i = 0; i < items.Count; i++)
        {
            console.Write(new Text($"  {i + 1,3}. {label(items[i])}\n"));
        }
        var number = console.Prompt(new TextPrompt<int>($"Number (1-{items.Count}):")
            .Validate(n => n >= 1 && n <= items.Count ? ValidationResult.Success() : ValidationResult.Error($"Type a number from 1 to {items.Count}")));
        return items[number - 1];
    }

    /// <summary>Spectre's search matches an item's ToString(), not the converted label: make them the same.</summary>
    private sealed record Labelled<T>(T Value, string Label)
    {
        public override string ToString() => Label;
    }
}
