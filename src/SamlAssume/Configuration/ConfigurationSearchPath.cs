using SamlAssume.Files;

namespace SamlAssume.Configuration;

/// <summary>
/// Where configuration files are looked for, in the order OneLogin's Python tool uses: <c>-c DIR</c>, then the current
/// directory, then <c>~/.onelogin/</c>. Each file is taken from the first directory that has it.
/// </summary>
public sealed class ConfigurationSearchPath(IReadOnlyList<string> directories)
{
    public const string SdkFileName = "onelogin.sdk.json";
    public const string AwsFileName = "onelogin.aws.json";
    public const string AccountsFileName = "accounts.yaml";

    public IReadOnlyList<string> Directories { get; } = directories;

    public static ConfigurationSearchPath For(string? configDirectory, string currentDirectory, string homeDirectory)
    {
        var directories = new List<string>();
        if (!string.IsNullOrWhiteSpace(configDirectory))
        {
            var expanded = HomePath.Expand(configDirectory, homeDirectory);
            if (!Directory.Exists(expanded))
            {
                throw new InvalidInput($"-c/--config-file-path: the directory {expanded} does not exist");
            }
            directories.Add(Path.GetFullPath(expanded, currentDirectory));
        }
        directories.Add(currentDirectory);
        directories.Add(Path.Combine(homeDirectory, ".onelogin"));
        return new ConfigurationSearchPath(directories.Distinct(StringComparer.Ordinal).ToList());
    }

    /// <summary>The first existing file of that name, or null.</summary>
    public string? Find(string fileName) =>
        Directories.Select(d => Path.Combine(d, fileName)).FirstOrDefault(File.Exists);

    public string Describe() => string.Join(", ", Directories);
}
