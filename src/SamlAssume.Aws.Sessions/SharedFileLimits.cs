namespace SamlAssume.Aws.Sessions;

/// <summary>
/// How much of an AWS shared file is read. botocore sets no limit, but no real config or credentials file comes near
/// these: a file over 10 MB or a line over 64 KiB (a session token is a few KB, a role ARN at most 2048 characters) is
/// something else at that path, refused before it is read into memory rather than parsed and sent on.
/// The bounded read itself (<see cref="ReadAllBytes"/>) also serves the tool's own configuration files.
/// </summary>
public static class SharedFileLimits
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxLineChars = 64 * 1024;

    /// <summary>The file's text (BOM detected as File.ReadAllText does), or null when it does not exist.</summary>
    /// <param name="variable">The environment variable that points at the file, for the message.</param>
    public static string? ReadText(string path, string variable)
    {
        byte[] bytes;
        try
        {
            bytes = ReadAllBytes(path, p => TooLarge(p, variable));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        return Text(bytes);
    }

    /// <summary>
    /// The file's bytes, read only up to <see cref="MaxFileBytes"/>; over it, the exception <paramref name="tooLarge"/>
    /// makes of the path. I/O errors (a missing file included) pass through.
    /// </summary>
    public static byte[] ReadAllBytes(string path, Func<string, Exception> tooLarge)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        // The length first (no read at all), then a bounded read: the file may grow meanwhile.
        if (stream.Length > MaxFileBytes) throw tooLarge(path);
        var bytes = new MemoryStream();
        var buffer = new byte[81920];
        while (stream.Read(buffer) is var n and > 0)
        {
            if (bytes.Length + n > MaxFileBytes) throw tooLarge(path);
            bytes.Write(buffer, 0, n);
        }
        return bytes.ToArray();
    }

    /// <summary>Bytes as text, the encoding from a BOM as File.ReadAllText detects it, else UTF-8.</summary>
    public static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }

    private static SharedFileException TooLarge(string path, string variable) =>
        new(path, $"{path} is over {MaxFileBytes / (1024 * 1024)} MB, more than any AWS config or credentials file needs: samlassume does not read it; check what wrote it, or point {variable} at another file");
}
