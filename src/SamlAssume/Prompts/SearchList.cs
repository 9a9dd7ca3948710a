using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// A list narrowed as you type, for terminals that understand ANSI. Every key but Enter, the arrows and Ctrl-C is
/// search text — space included: Spectre's own list chose the highlighted entry on a space, so typing
/// "staging dev" picked Staging/Admin at the space. Only Enter chooses, and only among the entries that match.
/// Ctrl-C erases the list and throws at once (exit 130) instead of waiting for System.CommandLine to kill us.
/// </summary>
/// <remarks>
/// Drawn by hand with cursor movements rather than Spectre's live rendering: the frame is a few lines redrawn in
/// place, the cursor sits at the end of the search text, and nothing is left on screen when it closes.
/// </remarks>
public sealed class SearchList<T>(string title, IReadOnlyList<T> items, Func<T, string> label, Func<T, IEnumerable<string?>> searchFields)
    where T : notnull
{
    private const int MaxPageSize = 10;
    private const string SearchPrefix = "Search: ";

    /// <summary>A key that chooses an entry at once while nothing is typed (the -x menu's q for Quit).</summary>
    public Func<char, T?>? Hotkey { get; init; }

    /// <summary>The entry chosen with Enter.</summary>
    /// <exception cref="SamlAssume.Interrupted">Ctrl-C, or the terminal closed.</exception>
    public T Show(IAnsiConsole console, CancellationToken interrupt)
    {
        var state = new SearchListState<T>(items, searchFields);
        var frame = new Frame(console);
        try
        {
            while (true)
            {
                frame.Draw(Lines(state, frame.PageSize), state.Query);
                var key = ReadKey(console, interrupt);
                if (key is not { } k || IsCtrlC(k)) throw ChoicePrompt.Interrupted();
                if (state.Query.Length == 0 && Hotkey is { } hotkey && hotkey(k.KeyChar) is { } hot) return hot;
                if (k.Key == ConsoleKey.Enter)
                {
                    if (state.Highlighted is { } chosen) return chosen;
                    continue; // nothing matches: Enter chooses nothing
                }
                state.Handle(k, frame.PageSize);
            }
        }
        finally
        {
            frame.Erase();
        }
    }

    private static ConsoleKeyInfo? ReadKey(IAnsiConsole console, CancellationToken interrupt)
    {
        try
        {
            var key = console.Input.ReadKeyAsync(true, interrupt).GetAwaiter().GetResult();
            return interrupt.IsCancellationRequested ? null : key;
        }
        catch (OperationCanceledException)
        {
            return null; // Ctrl-C while waiting, or the terminal closed
        }
    }

    private static bool IsCtrlC(ConsoleKeyInfo key) =>
        key.KeyChar == '\x03' || (key.Key == ConsoleKey.C && key.Modifiers.HasFlag(ConsoleModifiers.Control));

    private List<(string Text, bool Highlighted)> Lines(SearchListState<T> state, int pageSize)
    {
        var count = state.Query.Length == 0
            ? $"{items.Count} to choose from"
            : $"{state.Matches.Count} of {items.Count} match";
        var lines = new List<(string, bool)>
        {
            ($"{title}: type to filter, Up/Down to move, Enter to choose, Ctrl-C to quit", false),
            (SearchPrefix + state.Query, false),
            ($"  {count}", false),
        };
        if (state.Matches.Count == 0)
        {
            lines.Add(("  (nothing matches: Backspace to edit, Esc to clear)", false));
            return lines;
        }
        var top = state.Top;
        var end = Math.Min(state.Matches.Count, top + pageSize);
        for (var i = top; i < end; i++)
        {
            var highlighted = i == state.Cursor;
            lines.Add(((highlighted ? "> " : "  ") + label(state.Matches[i]), highlighted));
        }
        if (state.Matches.Count > pageSize)
        {
            lines.Add(($"  ({state.Matches.Count - (end - top)} more: type to narrow, or Up/Down)", false));
        }
        return lines;
    }

    /// <summary>The lines last drawn, redrawn in place: the cursor is kept at the end of the search text (line 1).</summary>
    private sealed class Frame(IAnsiConsole console)
    {
        private static readonly Style HighlightStyle = new(foreground: Color.Aqua, decoration: Decoration.Bold);
        private bool drawn;

        private int Width => Math.Max(20, console.Profile.Width);

        /// <summary>Entries shown at once: the frame (title, search, count, entries, "more") must fit the screen, or the redraw's cursor-up stops at the top.</summary>
        public int PageSize => Math.Clamp(console.Profile.Height - 6, 1, MaxPageSize);

        public void Draw(List<(string Text, bool Highlighted)> lines, string query)
        {
            console.WriteAnsi(w =>
            {
                if (drawn) ToTop(w);
                for (var i = 0; i < lines.Count; i++)
                {
                    if (i > 0) w.Write("\n");
                    var text = Fit(lines[i].Text);
                    if (lines[i].Highlighted) w.Write(text, HighlightStyle, null); else w.Write(text);
                }
                // Back to the search line, just after the text typed so far.
                if (lines.Count > 2) w.CursorUp(lines.Count - 2);
                w.CursorHorizontalAbsolute(Math.Min(SearchPrefix.Length + query.Length, Width - 1) + 1);
            });
            drawn = true;
        }

        public void Erase()
        {
            if (!drawn) return;
            console.WriteAnsi(ToTop);
            drawn = false;
        }

        // From the search line: to column 1 of the title line, and clear everything below.
        private static void ToTop(AnsiWriter w)
        {
            w.Write("\r");
            w.CursorUp(1);
            w.EraseInDisplay(0);
        }

        private string Fit(string text) => text.Length < Width ? text : text[..(Width - 2)] + "…";
    }
}

/// <summary>What the search list shows: the query, the entries matching it, and which one Enter would choose.</summary>
public sealed class SearchListState<T>(IReadOnlyList<T> items, Func<T, IEnumerable<string?>> searchFields)
    where T : notnull
{
    public string Query { get; private set; } = "";

    public IReadOnlyList<T> Matches { get; private set; } = [.. items];

    /// <summary>Index into <see cref="Matches"/> of the highlighted entry.</summary>
    public int Cursor { get; private set; }

    /// <summary>First entry of <see cref="Matches"/> on screen.</summary>
    public int Top { get; private set; }

    public T? Highlighted => Matches.Count == 0 ? default : Matches[Cursor];

    /// <summary>
    /// Every word of the query must appear (case-insensitively) in one of an entry's fields: "staging dev" matches
    /// account alias Staging and role Developer. Not the whole label, where " / " or "(" would match everything.
    /// </summary>
    public static bool IsMatch(string query, IEnumerable<string?> fields)
    {
        var texts = fields.OfType<string>().ToList();
        return query.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(word => texts.Any(t => t.Contains(word, StringComparison.OrdinalIgnoreCase)));
    }

    public void Handle(ConsoleKeyInfo key, int pageSize)
    {
        switch (key.Key)
        {
            case ConsoleKey.UpArrow: Move(-1, pageSize); return;
            case ConsoleKey.DownArrow: Move(1, pageSize); return;
            case ConsoleKey.PageUp: Move(-Math.Min(pageSize, Cursor), pageSize); return;
            case ConsoleKey.PageDown: Move(Math.Min(pageSize, Matches.Count - 1 - Cursor), pageSize); return;
            case ConsoleKey.Backspace:
                if (Query.Length > 0) SetQuery(Query[..^1], pageSize);
                return;
            case ConsoleKey.Escape: SetQuery("", pageSize); return;
        }
        if (key.KeyChar == '\x15') SetQuery("", pageSize); // Ctrl-U, as in a shell
        else if (!char.IsControl(key.KeyChar) && key.KeyChar != '\0') SetQuery(Query + key.KeyChar, pageSize);
    }

    private void Move(int by, int pageSize)
    {
        if (Matches.Count == 0) return;
        Cursor = ((Cursor + by) % Matches.Count + Matches.Count) % Matches.Count; // arrows wrap around
        Scroll(pageSize);
    }

    private void SetQuery(string query, int pageSize)
    {
        var highlighted = Highlighted;
        Query = query;
        Matches = items.Where(item => IsMatch(query, searchFields(item))).ToList();
        // The highlighted entry stays highlighted while it still matches; otherwise the first match.
        var kept = highlighted is null ? -1 : IndexOf(highlighted);
        Cursor = Math.Max(0, kept);
        Top = 0;
        Scroll(pageSize);
    }

    private int IndexOf(T item)
    {
        for (var i = 0; i < Matches.Count; i++)
        {
            if (EqualityComparer<T>.Default.Equals(Matches[i], item)) return i;
        }
        return -1;
    }

    private void Scroll(int pageSize)
    {
        if (Cursor < Top) Top = Cursor;
        if (Cursor >= Top + pageSize) Top = Cursor - pageSize + 1;
    }
}
