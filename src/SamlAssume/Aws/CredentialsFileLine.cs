namespace SamlAssume.Aws;

/// <summary>What Python's configparser (which botocore uses) makes of one line of the credentials file.</summary>
internal enum CredentialsFileLineKind
{
    Blank,
    Comment,
    Section,
    Key,
    /// <summary>An indented line that configparser appends to the value of the key above it.</summary>
    Continuation,
}

/// <summary>
/// One line as it stands in the file: its text and its ending ("\n", "\r\n", or "" for a last line without one) kept
/// apart, so an edit can rewrite the text and leave the ending, and every untouched line goes back byte for byte.
/// </summary>
internal sealed record CredentialsFileLine(string Text, string Ending, CredentialsFileLineKind Kind)
{
    /// <summary>For a section line: the name between the brackets, exactly as botocore sees it (not trimmed).</summary>
    public string SectionName { get; init; } = "";

    /// <summary>For a key line: the key, trimmed. configparser compares keys case-insensitively.</summary>
    public string Key { get; init; } = "";

    /// <summary>For a key line: where the key starts (its indentation), where the "=" or ":" is, and where the value starts.</summary>
    public int Indent { get; init; }
    public int DelimiterIndex { get; init; }
    public int ValueStart { get; init; }

    public string Value => Kind == CredentialsFileLineKind.Key ? Text[ValueStart..].Trim() : "";
}
