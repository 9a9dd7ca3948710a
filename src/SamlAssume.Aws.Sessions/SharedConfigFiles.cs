namespace SamlAssume.Aws.Sessions;

/// <summary>
/// Where the AWS shared files are, decided as the AWS CLI and SDKs do: <c>AWS_SHARED_CREDENTIALS_FILE</c> else
/// <c>~/.aws/credentials</c>, <c>AWS_CONFIG_FILE</c> else <c>~/.aws/config</c> (a leading <c>~</c> is expanded).
/// </summary>
public sealed record SharedConfigFiles(string CredentialsFile, string ConfigFile)
{
    public const string CredentialsFileVariable = "AWS_SHARED_CREDENTIALS_FILE";
    public const string ConfigFileVariable = "AWS_CONFIG_FILE";

    public static SharedConfigFiles Resolve(Func<string, string?> environment, string homeDirectory)
    {
        string Expand(string path) =>
            path == "~" ? homeDirectory : path.StartsWith("~/", StringComparison.Ordinal) ? Path.Combine(homeDirectory, path[2..]) : path;
        var credentials = environment(CredentialsFileVariable) is { Length: > 0 } c ? Expand(c) : Path.Combine(homeDirectory, ".aws", "credentials");
        var config = environment(ConfigFileVariable) is { Length: > 0 } f ? Expand(f) : Path.Combine(homeDirectory, ".aws", "config");
        return new SharedConfigFiles(Path.GetFullPath(credentials), Path.GetFullPath(config));
    }

    /// <summary>From this process's environment and home directory.</summary>
    public static SharedConfigFiles Default() =>
        Resolve(Environment.GetEnvironmentVariable, Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile));

    /// <summary>Reads both files now; a missing file reads as empty. <paramref name="keyStore"/>: where else long-lived keys may be.</summary>
    public SharedProfiles Read(ILongLivedKeyStore? keyStore = null) =>
        new(this, IniSections.ReadFile(CredentialsFile, configFile: false), IniSections.ReadFile(ConfigFile, configFile: true), keyStore);
}
