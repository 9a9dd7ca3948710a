using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume console --profile NAME [--print] [--destination URL] [--duration S]</c>: the profile's temporary
/// credentials (cached, or a sign-in) → an AWS console sign-in URL through the partition's federation endpoint,
/// opened in the browser. Stdout stays empty unless --print (or no browser could be started): then it holds the URL
/// and nothing else — a secret the user asked for, valid 15 minutes.
/// </summary>
public sealed class ConsoleCommand : ProfileCommand
{
    private readonly Option<bool> print = new("--print") { Description = "Print the sign-in URL on stdout instead of opening a browser" };
    private readonly Option<string?> destination = new("--destination") { Description = "Console page to land on (https URL); default: the console home in the profile's region" };
    private readonly Option<int?> duration = new Option<int?>("--duration") { Description = $"Console session length in seconds ({ConsoleSignIn.MinSessionDuration}-{ConsoleSignIn.MaxSessionDuration}); default: AWS's (the credentials' own)" }.Counting("seconds");

    public ConsoleCommand(CommandContext context)
        : base(context, "console", "Open the AWS console signed in as a profile's role (or print the sign-in link with --print)", promptOnTerminal: false) =>
        Add(print, destination, duration);

    protected override void Check(ParseResult result)
    {
        if (result.GetValue(duration) is { } s && s is < ConsoleSignIn.MinSessionDuration or > ConsoleSignIn.MaxSessionDuration)
        {
            throw CommandFailure.Usage($"--duration must be between {ConsoleSignIn.MinSessionDuration} and {ConsoleSignIn.MaxSessionDuration} seconds, not {s}");
        }
        Landing(result);
        // A plain-http federation endpoint elsewhere is refused before any sign-in.
        SigninEndpoint.Resolve(Context.Environment, null, null);
    }

    private Uri? Landing(ParseResult result)
    {
        if (result.GetValue(destination) is not { } text) return null;
        return Uri.TryCreate(text, UriKind.Absolute, out var landing) && landing.Scheme == Uri.UriSchemeHttps
            ? landing
            : throw CommandFailure.Usage($"--destination must be an https URL, not \"{text}\"");
    }

    protected override async Task<int> UseAsync(ParseResult result, CachedCredentials credentials, ProgressLog log, CancellationToken cancellationToken)
    {
        var args = Profile.Bind(result);
        var endpoint = SigninEndpoint.Resolve(Context.Environment, credentials.AssumedRoleArn, credentials.Region);
        var landing = Landing(result) ?? endpoint.DefaultDestination(credentials.Region);
        log.Detail($"federation endpoint {endpoint.FederationUrl} ({endpoint.Partition}); destination {landing}");

        var transport = Net.HttpTransport.For(Context.Environment, Net.HttpTransport.DefaultConnectTimeout, TimeSpan.FromSeconds(args.HttpTimeout), waits: Context.NetworkWaits);
        using var http = new HttpClient(Context.HttpHandlerFactory(transport), disposeHandler: true) { Timeout = transport.RequestTimeout };
        var url = await new ConsoleSignIn(http).SigninUrlAsync(endpoint, credentials.ToTemporary(), landing, result.GetValue(duration), cancellationToken);

        var who = credentials.AssumedRoleArn ?? $"profile [{args.Profile}]";
        if (!result.GetValue(print))
        {
            // The link is a bearer credential for 15 minutes: the browser gets a 0600 page that redirects to it, so
            // it is on no command line another local user could read in /proc.
            var page = SigninPage.Write(CachePaths.For(Context.Environment, Context.HomeDirectory), url, Context.Clock);
            if (WebBrowser.TryOpen(Context.Environment, new Uri(page), log, out var failed) is { } opener)
            {
                log.Step($"Opened the AWS console as {who} ({opener}); the sign-in link is valid for 15 minutes.");
                return ExitCodes.Ok;
            }
            if (failed.Length > 0)
            {
                SigninPage.Delete(page);
                throw CommandFailure.Usage($"the browser did not open the sign-in link ({failed}): set BROWSER to a browser command, or use --print");
            }
            SigninPage.Delete(page);
            log.Warning("no browser could be started (set BROWSER, or use --print): the sign-in link follows on stdout");
        }
        Context.Out.WriteLine(url.AbsoluteUri);
        Context.Out.Flush();
        log.Step($"Sign-in link for {who}, valid for 15 minutes.");
        return ExitCodes.Ok;
    }
}
