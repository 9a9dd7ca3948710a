namespace SamlAssume.Settings;

/// <summary>
/// <c>--password-stdin</c>: the password is the first line of standard input (as <c>docker login --password-stdin</c>),
/// so it appears neither in the process list nor in the environment of child processes.
/// </summary>
public static class PasswordFromStdin
{
    public static string Read(CommandContext context, bool givenOnCommandLine)
    {
        if (givenOnCommandLine)
        {
            throw new InvalidInput("--password-stdin and --onelogin-password cannot be used together");
        }
        var line = context.In.ReadLine();
        // Only the line ending is removed: spaces may belong to the password.
        if (string.IsNullOrEmpty(line))
        {
            throw new InvalidInput("--password-stdin: standard input held no password (the first line was empty or missing)");
        }
        return line;
    }
}
