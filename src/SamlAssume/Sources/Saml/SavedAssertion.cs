namespace SamlAssume.Sources.Saml;

/// <summary><c>login --save-assertion FILE</c>: the base64 SAMLResponse, owner-only, for <c>samlassume assertion inspect</c>.</summary>
public static class SavedAssertion
{
    public static void Write(string path, string samlResponse, ProgressLog log)
    {
        var directory = Path.GetDirectoryName(path);
        if (directory is not null && !Directory.Exists(directory))
            throw new InvalidInput($"--save-assertion: directory {directory} does not exist");
        // Saved before verification on purpose: an assertion that fails is the one worth inspecting.
        try
        {
            Aws.AtomicFile.Replace(path, System.Text.Encoding.ASCII.GetBytes(samlResponse + "\n"), UnixFileMode.UserRead | UnixFileMode.UserWrite, keepExistingMode: false);
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidInput($"--save-assertion: cannot write {path} ({e.Message})", e);
        }
        log.Step($"Saved the SAML assertion to {path} (mode 0600; it can be exchanged for AWS credentials until it expires). Inspect it with: samlassume assertion inspect {path}");
    }
}
