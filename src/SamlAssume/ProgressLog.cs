namespace SamlAssume;

/// <summary>
/// Human-facing progress on stderr: <see cref="Step"/> always, <see cref="Detail"/> only with --verbose.
/// Callers pass finished sentences and never a secret. Lines are written as they are: a renderer that wraps at
/// 80 columns would split a one-line error in two when stderr is a pipe.
/// </summary>
public sealed class ProgressLog(TextWriter error, bool verbose)
{
    /// <summary>A log that says nothing, for steps whose notice was already given once.</summary>
    public static readonly ProgressLog Silent = new(TextWriter.Null, false);

    public bool IsVerbose => verbose;

    public void Step(string message) => Write(message);

    public void Detail(string message)
    {
        if (verbose) Write("· " + message);
    }

    public void Warning(string message) => Write("warning: " + message);

    private void Write(string line)
    {
        error.WriteLine(line);
        error.Flush();
    }
}
