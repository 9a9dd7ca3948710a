using System.Security.Cryptography;

namespace SamlAssume.Aws;

/// <summary>
/// Replaces a file's whole content in one step: the new bytes go to a temporary file beside it, reach the disk,
/// and are renamed over the old file, so a reader (or a crash) sees the old content or the new, never a mix.
/// </summary>
internal static class AtomicFile
{
    /// <param name="keepExistingMode">
    /// True: a file already at <paramref name="path"/> keeps its mode (the credentials file, which the user may have
    /// chmod-ed). False: the result always has <paramref name="modeForNewFile"/>, whatever was there before (the
    /// cache: a file left 0644 by someone must not make the next credentials world-readable).
    /// </param>
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode modeForNewFile, bool keepExistingMode)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? ".";
        var temporary = System.IO.Path.Combine(
            directory,
            $"{TemporaryPrefix(path)}{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}{TemporarySuffix}");

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        UnixFileMode? mode = null;
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first byte; the final mode is set afterwards because creation is subject to the umask.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            mode = keepExistingMode && File.Exists(path) ? File.GetUnixFileMode(path) : modeForNewFile;
        }

        try
        {
            using (var stream = new FileStream(temporary, options))
            {
                stream.Write(content);
                stream.Flush(flushToDisk: true);
            }

            if (mode is { } finalMode && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, finalMode);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Deletes temporary files a killed writer left beside <paramref name="path"/>. Only call it while holding the
    /// file's writer lock: temporaries are made only under that lock, so any found then belong to a dead process.
    /// </summary>
    public static void RemoveAbandonedTemporaries(string path)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? ".";
        var prefix = TemporaryPrefix(path);
        foreach (var leftover in Directory.EnumerateFiles(directory, prefix + "*" + TemporarySuffix))
        {
            // EnumerateFiles' pattern is loose on some platforms; check the exact shape before deleting.
            var name = System.IO.Path.GetFileName(leftover);
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(TemporarySuffix, StringComparison.Ordinal))
            {
                TryDelete(leftover);
            }
        }
    }

    private const string TemporarySuffix = ".tmp";

    private static string TemporaryPrefix(string path) => $".{System.IO.Path.GetFileName(path)}.samlassume-";

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
