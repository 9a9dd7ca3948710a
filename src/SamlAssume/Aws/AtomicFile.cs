using System.Security.Cryptography;

namespace SamlAssume.Aws;

/// <summary>
/// Replaces a file's whole content in one step: the new bytes go to a temporary file beside it, reach the disk,
/// and are renamed over the old file, so a reader (or a crash) sees the old content or the new, never a mix.
/// </summary>
internal static class AtomicFile
{
    public static void Replace(string path, ReadOnlySpan<byte> content, UnixFileMode modeForNewFile)
    {
        var directory = System.IO.Path.GetDirectoryName(path) ?? ".";
        var temporary = System.IO.Path.Combine(
            directory,
            $".{System.IO.Path.GetFileName(path)}.samlassume-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}.tmp");

        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        UnixFileMode? mode = null;
        if (!OperatingSystem.IsWindows())
        {
            // Owner-only from the first byte; the final mode is set afterwards because creation is subject to the umask.
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            mode = File.Exists(path) ? File.GetUnixFileMode(path) : modeForNewFile;
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
