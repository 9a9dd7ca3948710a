namespace SamlAssume.Aws.Sessions;

/// <summary>
/// How much of an AWS shared file is read. botocore sets no limit, but no real config or credentials file comes near
/// these: a file over 10 MB or a line over 64 KiB (a session token is a few KB, a role ARN at most 2048 characters) is
/// something else at that path, refused before it is read into memory rather than parsed and sent on.
/// </summary>
public static class SharedFileLimits
{
    public const int MaxFileBytes = 10 * 1024 * 1024;
    public const int MaxLineChars = 64 * 1024;

    /// <summary>The file's text (BOM detected as File.ReadAllText does), or null when it does not exist.</summary>
    /// <param name="variable">The environment variable that points at the file, for the message.</param>
    public static string? ReadText(string path, string variable)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        using (stream)
        {
            // The length first (no read at all), then a bounded read: the file may grow meanwhile.
            if (stream.Length > MaxFileBytes) throw TooLarge(path, variable);
            var bytes = new MemoryStream();
            var buffer = new byte[81920];
            while (stream.Read(buffer) is var n and > 0)
            {
                if (bytes.Length + n > MaxFileBytes) throw TooLarge(path, variable);
                bytes.Write(buffer, 0, n);
            }
            bytes.Position = 0;
            using var reader = new StreamReader(bytes, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return reader.ReadToEnd();
        }
    }

    private static SharedFileException TooLarge(string path, string variable) =>
        new(path, $"{path} is over {MaxFileBytes / (1024 * 1024)} MB, more than any AWS config or credentials file needs: samlassume does not read it; check what wrote it, or point {variable} at another file");
}
