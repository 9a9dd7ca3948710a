using System.Globalization;
using System.Text;
using SamlAssume.Aws;

namespace SamlAssume.Cache;

/// <summary>
/// How the last refresh of a profile failed, left by the process that held the refresh lock for those that waited on
/// it: <c>&lt;cache&gt;/outcomes/&lt;profile&gt;</c>, 0600, three lines — the kind of failure, the time, the one-line message.
/// A herd of twenty credential_process calls then makes one password attempt (or sends one push), not twenty: the
/// waiters return the holder's failure instead of trying again. Only the herd that was waiting shares it: each record
/// has an <see cref="Id"/>, and a process shares a failure only if its record was not there before it began waiting
/// (Cache/CachedRefresh), so the user's next try, with a corrected password or a fresh code, is made. Only what the user is shown
/// anyway is kept — the message the CLI prints, which is built secret-free (FailureReporter) — never a password,
/// code, token or assertion. A success removes it.
/// </summary>
public sealed record RefreshOutcome(FailureKind Kind, DateTimeOffset Time, string Message, string Id)
{
    /// <summary>How long a failure answers for the profile: long enough for a herd started together, short enough that a rerun tries again.</summary>
    public static readonly TimeSpan SharedFor = TimeSpan.FromSeconds(30);

    public static string Directory(CachePaths paths) => Path.Combine(paths.Root, "outcomes");

    public static string PathFor(CachePaths paths, string profile) => Path.Combine(Directory(paths), CachePaths.FileNameFor(profile));

    /// <summary>Records a failure (call while holding the profile's refresh lock).</summary>
    public static void RecordFailure(CachePaths paths, string profile, FailureKind kind, string message, DateTimeOffset now)
    {
        var path = PathFor(paths, profile);
        paths.Ensure(Path.GetDirectoryName(path)!);
        var text = string.Create(CultureInfo.InvariantCulture, $"{kind}\n{UtcSeconds.Format(now)}\n{message.ReplaceLineEndings(" ")}\n{Guid.NewGuid():N}\n");
        AtomicFile.Replace(path, Encoding.UTF8.GetBytes(text), CachePaths.OwnerOnlyFile, keepExistingMode: false);
    }

    /// <summary>The failure another process recorded within <see cref="SharedFor"/> of <paramref name="now"/>, else null.</summary>
    public static RefreshOutcome? RecentFailure(CachePaths paths, string profile, DateTimeOffset now)
    {
        var path = PathFor(paths, profile);
        if (!CachePaths.IsOwnRegularFile(path)) return null;
        string[] lines;
        try
        {
            lines = File.ReadAllText(path, Encoding.UTF8).Split('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        if (lines.Length < 3
            || !Enum.TryParse<FailureKind>(lines[0], ignoreCase: false, out var kind) || !Enum.IsDefined(kind) || int.TryParse(lines[0], out _)
            || !UtcSeconds.TryParse(lines[1], out var time)
            || lines[2].Length == 0 || lines.Length < 4 || lines[3].Length == 0) return null;
        // A time in the future (a clock set back) is not trusted to be recent.
        return now - time is var age && age >= TimeSpan.Zero && age <= SharedFor ? new RefreshOutcome(kind, time, lines[2], lines[3]) : null;
    }

    /// <summary>Forgets a recorded failure (after a success, or clear-cache).</summary>
    public static void Clear(CachePaths paths, string profile)
    {
        try
        {
            File.Delete(PathFor(paths, profile));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
    }
}
