using SamlAssume.Files;

namespace SamlAssume.Configuration;

/// <summary>
/// The one lookup of a command's configuration: the search path from <c>-c DIR</c>, and onelogin.sdk.json,
/// onelogin.aws.json and accounts.yaml from it, each read the first time a command asks for it (a command that never
/// needs the API credentials is never stopped by a broken onelogin.sdk.json).
/// </summary>
public sealed class ConfigurationFiles
{
    private OneLoginSdkConfig? sdk;
    private AwsLoginConfig? aws;
    private AccountAliases? aliases;

    private readonly string newAwsFileDirectory;

    private ConfigurationFiles(ConfigurationSearchPath searchPath, string newAwsFileDirectory)
    {
        SearchPath = searchPath;
        this.newAwsFileDirectory = newAwsFileDirectory;
    }

    public static ConfigurationFiles Find(string? configDirectory, CommandContext context) => new(
        ConfigurationSearchPath.For(configDirectory, context.CurrentDirectory, context.HomeDirectory),
        configDirectory is null ? Path.Combine(context.HomeDirectory, ".onelogin")
            : Path.GetFullPath(HomePath.Expand(configDirectory, context.HomeDirectory), context.CurrentDirectory));

    public ConfigurationSearchPath SearchPath { get; }

    public OneLoginSdkConfig Sdk => sdk ??= OneLoginSdkConfig.Load(SearchPath.Find(ConfigurationSearchPath.SdkFileName));

    public AwsLoginConfig Aws => aws ??= AwsLoginConfig.Load(SearchPath.Find(ConfigurationSearchPath.AwsFileName));

    public AccountAliases Aliases => aliases ??= AccountAliases.Load(SearchPath.Find(ConfigurationSearchPath.AccountsFileName));

    /// <summary>Where onelogin.aws.json is, or where a new one goes: <c>-c DIR</c> when given, else <c>~/.onelogin/</c>.</summary>
    public string AwsFileOrNew => Aws.SourcePath ?? Path.Combine(newAwsFileDirectory, ConfigurationSearchPath.AwsFileName);
}
