using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume clear-cache [--profile NAME]</c>: deletes cached credentials (one profile's, or all) and cached
/// assertions, and names each file. Never the credentials file or anything else in the cache directory.
/// </summary>
public static class ClearCacheCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("clear-cache", "Delete cached credentials and SAML assertions (never ~/.aws/credentials)");
        var profile = SharedOptions.Profile("Only this profile's cached credentials");
        command.Options.Add(profile);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, false, () =>
        {
            var log = new ProgressLog(context.Error, false);
            var cache = new CredentialCache(CachePaths.For(context.Environment, context.HomeDirectory));
            var name = result.GetValue(profile);
            var removed = cache.Clear(name);
            foreach (var path in removed) log.Step($"Removed {path}");
            log.Step(removed.Count == 0
                ? $"Nothing cached{(name is null ? "" : $" for [{name}]")} in {cache.Paths.Root}."
                : $"Removed {removed.Count} cached file(s){(name is null ? "" : $" for [{name}]")}.");
            return Task.FromResult(ExitCodes.Ok);
        }, cancellationToken));
        return command;
    }
}
