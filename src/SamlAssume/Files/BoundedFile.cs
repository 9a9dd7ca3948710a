using SamlAssume.Aws.Sessions;

namespace SamlAssume.Files;

/// <summary>
/// Reads a file whole only when it is at most <see cref="MaxBytes"/> long: the configuration files (onelogin.sdk.json,
/// onelogin.aws.json, accounts.yaml, IdP metadata) and the credentials file are a few KB, so anything near 10 MB is not
/// one of them, and is refused before it is read into memory. The same bounded read as the AWS shared files'
/// (<see cref="SharedFileLimits"/>). I/O errors pass through to the caller's handling.
/// </summary>
public static class BoundedFile
{
    public const int MaxBytes = SharedFileLimits.MaxFileBytes;

    /// <summary>The refusal of a configuration file over <see cref="MaxBytes"/>.</summary>
    public static string TooLarge(string path) =>
        $"{path} is over {MaxBytes / (1024 * 1024)} MB, more than any configuration file needs: samlassume does not read it; check what wrote it";

    /// <summary>The file's bytes; over <see cref="MaxBytes"/>: the exception <paramref name="tooLarge"/> makes of the path.</summary>
    public static byte[] ReadAllBytes(string path, Func<string, Exception> tooLarge) => SharedFileLimits.ReadAllBytes(path, tooLarge);

    /// <summary>The file's text (BOM detected as File.ReadAllText does); over <see cref="MaxBytes"/>: <see cref="InvalidInput"/>.</summary>
    public static string ReadAllText(string path) =>
        SharedFileLimits.Text(SharedFileLimits.ReadAllBytes(path, p => new InvalidInput(TooLarge(p))));
}
