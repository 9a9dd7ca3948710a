using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume console --profile NAME [--print] [--destination URL] [--duration S]</c>: the profile's temporary
/// credentials (cached, or a sign-in) → an AWS console sign-in URL through the partition's federation endpoint,
/// opened in the browser. Stdout stays empty unless --print (or no browser could be started): then it holds the URL
/// and nothing else — a secret the user asked for, valid 15 minutes.
/// </summary>
public static class ConsoleCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("console", "Open the AWS console signed in as a profile's role (or print the sign-in link with --print)");
        var options = new ProfileOptions();
        options.AddTo(command);
        var print = new Option<bool>("--print") { Description = "Print the sign-in URL on stdout instead of opening a browser" };
        var destination = new Option<string?>("--destination") { Description = "Console page to land on (https URL); default: the console home in the profile's region" };
        var duration = new Option<int?>("--duration") { Description = $"Console session length in seconds ({ConsoleSignIn.MinSessionDuration}-{ConsoleSignIn.MaxSessionDuration}); default: AWS's (the credentials' own)" }.Counting("seconds");
        command.Options.Add(print);
        command.Options.Add(destination);
        command.Options.Add(duration);
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                var seconds = result.GetValue(duration);
                if (seconds is { } s && s is < ConsoleSignIn.MinSessionDuration or > ConsoleSignIn.MaxSessionDuration)
                {
                    throw CommandFailure.Usage($"--duration must be between {ConsoleSignIn.MinSessionDuration} and {ConsoleSignIn.MaxSessionDuration} seconds, not {s}");
                }
                Uri? landing = null;
                if (result.GetValue(destination) is { } text && (!Uri.TryCreate(text, UriKind.Absolute, out landing) || landing.Scheme != Uri.UriSchemeHttps))
                {
                    throw CommandFailure.Usage($"--destination must be an https URL, not \"{text}\"");
                }

                var credentials = await new ProfileCredentialSource(context, log)
                    .GetAsync(args, options.MinRemainingOf(result), promptOnTerminal: false, cancellationToken);
                var endpoint = SigninEndpoint.Resolve(context.Environment, credentials.AssumedRoleArn, credentials.Region);
                landing ??= endpoint.DefaultDestination(credentials.Region);
                log.Detail($"federation endpoint {endpoint.FederationUrl} ({endpoint.Partition}); destination {landing}");

                var transport = Net.HttpTransport.For(context.Environment, Net.HttpTransport.DefaultConnectTimeout, TimeSpan.FromSeconds(args.HttpTimeout));
                using var http = new HttpClient(context.HttpHandlerFactory(transport), disposeHandler: true) { Timeout = transport.RequestTimeout };
                var url = await new ConsoleSignIn(http).SigninUrlAsync(endpoint, credentials.ToTemporary(), landing, seconds, cancellationToken);

                var who = credentials.AssumedRoleArn ?? $"profile [{args.Profile}]";
                if (!result.GetValue(print))
                {
                    if (WebBrowser.TryOpen(context.Environment, url, log) is { } opener)
                    {
                        log.Step($"Opened the AWS console as {who} ({opener}); the sign-in link is valid for 15 minutes.");
                        return ExitCodes.Ok;
                    }
                    log.Warning("no browser could be started (set BROWSER, or use --print): the sign-in link follows on stdout");
                }
                context.Out.WriteLine(url.AbsoluteUri);
                context.Out.Flush();
                log.Step($"Sign-in link for {who}, valid for 15 minutes.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
