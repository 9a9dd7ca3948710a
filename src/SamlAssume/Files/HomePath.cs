namespace SamlAssume.Files;

/// <summary>Expands a leading <c>~</c> the way a shell would, since paths in config files and env vars often carry one.</summary>
public static class HomePath
{
    public static string Expand(string path, string homeDirectory) =>
        path == "~" ? homeDirectory
        : path.StartsWith("~/", StringComparison.Ordinal) || (OperatingSystem.IsWindows() && path.StartsWith("~\\", StringComparison.Ordinal)) ? Path.Combine(homeDirectory, path[2..])
        : path;
}
