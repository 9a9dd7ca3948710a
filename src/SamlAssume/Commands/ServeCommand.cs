using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Serve;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume serve --profile NAME [--port N]</c>: a container-credentials endpoint on 127.0.0.1 for SDKs and the
/// AWS CLI (aws-vault's <c>--ecs-server</c>). It signs in first if the cache has nothing fresh, prints the two
/// <c>export</c> lines on stdout (everything else on stderr), then serves until Ctrl-C or SIGTERM.
/// </summary>
public sealed class ServeCommand : SamlAssumeCommand
{
    private readonly ProfileOptions options;
    private readonly Option<int> port = PortOption();

    public ServeCommand(CommandContext context) : this(context, new ProfileOptions(context))
    {
    }

    private ServeCommand(CommandContext context, ProfileOptions options)
        : base(context, "serve", "Serve a profile's credentials to AWS SDKs on 127.0.0.1 (AWS_CONTAINER_CREDENTIALS_FULL_URI) until Ctrl-C", options.Verbose)
    {
        this.options = options;
        options.AddTo(this);
        Add(port);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var args = options.Bind(result);
        var (started, _) = await StartAsync(Context, log, args, options.MinRemainingOf(result), PortOf(result, port), cancellationToken);
        await using var server = started;
        Context.Out.Write(string.Concat(server.Variables().Select(v => $"export {v.Key}={ShellExports.Quote(v.Value)}\n")));
        Context.Out.Flush();
        log.Step($"Serving [{args.Profile}] on {server.Url} (and {server.Url.AbsoluteUri.TrimEnd('/')}{ContainerCredentialsServer.RoleArnPrefix}ARN); export the lines above where the SDK runs. Ctrl-C stops.");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or SIGTERM is how a server is meant to stop.
        }
        log.Step("samlassume serve stopped.");
        return ExitCodes.Ok;
    }

    public static Option<int> PortOption() =>
        new("--port") { Description = "Port on 127.0.0.1 (default: a free one the OS picks)", DefaultValueFactory = _ => 0 };

    public static int PortOf(ParseResult result, Option<int> option)
    {
        var port = result.GetValue(option);
        return port is < 0 or > 65535 ? throw CommandFailure.Usage($"--port must be between 0 and 65535, not {port}") : port;
    }

    /// <summary>
    /// Gets the profile's credentials first — a sign-in now, on this terminal, rather than in the middle of the first
    /// SDK call — then starts listening.
    /// </summary>
    public static async Task<(ContainerCredentialsServer Server, Cache.CachedCredentials First)> StartAsync(CommandContext context, ProgressLog log, LoginArguments args,
        TimeSpan minRemaining, int port, CancellationToken cancellationToken)
    {
        var credentials = new ServedCredentials(context, log, args, minRemaining);
        Cache.CachedCredentials first;
        try
        {
            first = await credentials.ForProfileAsync(cancellationToken);
        }
        catch
        {
            credentials.Dispose();
            throw;
        }
        log.Detail($"[{args.Profile}] is {first.AssumedRoleArn}, valid until {Cache.UtcSeconds.Format(first.Expiration)}");
        return (await ContainerCredentialsServer.StartAsync(credentials, port, log, cancellationToken), first);
    }
}
