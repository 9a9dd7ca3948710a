using System.CommandLine;
using SamlAssume.Net;

namespace SamlAssume.Cli;

/// <summary>
/// Options that mean the same on every command (-c, -p, -v, --http-timeout): one definition of each name, alias and
/// default. An option belongs to one parent, so these are factories that hand out a fresh instance per command; a
/// command may say in its own words what the option does there.
/// </summary>
public static class SharedOptions
{
    public static Option<string?> ConfigDirectory(string description = "Directory holding onelogin.sdk.json, onelogin.aws.json and accounts.yaml") =>
        new("--config-file-path", "-c") { Description = description };

    public static Option<string?> Profile(string description) => new("--profile", "-p") { Description = description };

    public static Option<int> HttpTimeout() =>
        new Option<int>("--http-timeout")
        {
            Description = "Seconds to wait for OneLogin or STS to answer one request",
            DefaultValueFactory = _ => (int)Net.HttpTransport.DefaultRequestTimeout.TotalSeconds,
        }.Counting("seconds");

    public static Option<int> NetworkDeadline() =>
        new Option<int>("--network-deadline")
        {
            Description = "Seconds of network time one sign-in may spend in all, retries included, before giving up (default 120)",
            DefaultValueFactory = _ => (int)Net.NetworkDeadline.Default.TotalSeconds,
        }.Counting("seconds");

    public static Option<bool> Verbose(string description = "Explain each step on stderr (secrets are never shown)") =>
        new("--verbose", "-v") { Description = description };
}
