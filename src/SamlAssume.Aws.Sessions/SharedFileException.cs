namespace SamlAssume.Aws.Sessions;

/// <summary>
/// An AWS shared file cannot be read as one: over <see cref="SharedFileLimits.MaxFileBytes"/>, a line over
/// <see cref="SharedFileLimits.MaxLineChars"/>, a control character, a section twice. The message names the file (and
/// the line) and says what to fix.
/// </summary>
public sealed class SharedFileException(string path, string message) : Exception(message)
{
    /// <summary>The file refused.</summary>
    public string Path { get; } = path;
}
