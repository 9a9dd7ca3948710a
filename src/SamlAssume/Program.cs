using SamlAssume;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Commands;

try
{
    // Every AWS command using a credential_process profile starts us: answer a cache hit before the command tree
    // (and with it System.CommandLine, Spectre.Console, the AWS SDK, HTTP) is ever loaded. Anything else falls through.
    // Only the variables the cache path and the settings' fingerprint read are copied: copying the whole environment
    // costs milliseconds here.
    return CachedCredentialProcess.TryServe(args, ProcessEnvironment.Of(new Dictionary<string, string?>
               {
                   [CachePaths.XdgCacheHome] = Environment.GetEnvironmentVariable(CachePaths.XdgCacheHome),
                   ["AWS_CONFIG_FILE"] = Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"),
                   ["AWS_SHARED_CREDENTIALS_FILE"] = Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"),
               }),
               HomeDirectory(), Environment.CurrentDirectory, TimeProvider.System,
               Console.OpenStandardOutput(), () => Console.Error)
           ?? FullCommandLine(args);
}
finally
{
    LoadedAssemblyReport.WriteIfAsked(Environment.GetEnvironmentVariable(LoadedAssemblyReport.Variable));
}

// Blocking here is what an async Main does anyway; keeping Main synchronous spares the fast path the JIT of an
// async state machine over Program (generic instantiations ReadyToRun cannot precompile).
static int FullCommandLine(string[] args) => SamlAssumeCli.RunAsync(args, CommandContext.ForProcess()).GetAwaiter().GetResult();

// What GetFolderPath(UserProfile) answers — on Unix that is $HOME when set — without its first-call cost (~2 ms).
static string HomeDirectory() =>
    !OperatingSystem.IsWindows() && Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home
        ? home
        : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
