using SamlAssume;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Commands;

try
{
    // Every AWS command using a credential_process profile starts us: answer a cache hit before the command tree
    // (and with it System.CommandLine, Spectre.Console, the AWS SDK, HTTP) is ever loaded. Anything else falls through.
    // Only the one variable the cache path reads is copied: copying the whole environment costs milliseconds here.
    return CachedCredentialProcess.TryServe(args, ProcessEnvironment.Of(new Dictionary<string, string?> { [CachePaths.XdgCacheHome] = Environment.GetEnvironmentVariable(CachePaths.XdgCacheHome) }),
               Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), TimeProvider.System,
               Console.OpenStandardOutput(), () => Console.Error)
           ?? await SamlAssumeCli.RunAsync(args, CommandContext.ForProcess());
}
finally
{
    LoadedAssemblyReport.WriteIfAsked(Environment.GetEnvironmentVariable(LoadedAssemblyReport.Variable));
}
