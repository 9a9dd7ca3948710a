using System.CommandLine;

namespace SamlAssume.Cli;

/// <summary>
/// Options that mean the same on every command that signs in (login and the profile commands). An option belongs
/// to one parent, so these are factories: one definition, one default, a fresh instance per command.
/// </summary>
public static class SharedOptions
{
    public static Option<string?> ConfigDirectory() =>
        new("--config-file-path", "-c") { Description = "Directory holding onelogin.sdk.json, onelogin.aws.json and accounts.yaml" };

    public static Option<int> HttpTimeout() =>
        new("--http-timeout")
        {
            Description = "Seconds to wait for OneLogin or STS to answer one request",
            DefaultValueFactory = _ => (int)Net.HttpTransport.DefaultRequestTimeout.TotalSeconds,
        };

    public static Option<int> NetworkDeadline() =>
        new("--network-deadline")
        {
            Description = "Seconds of network time one sign-in may spend in all, retries included, before giving up (default 120)",
            DefaultValueFactory = _ => (int)Net.NetworkDeadline.Default.TotalSeconds,
        };

    public static Option<bool> Verbose() =>
        new("--verbose", "-v") { Description = "Explain each step on stderr (secrets are never shown)" };
}
