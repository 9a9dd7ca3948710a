using System.Text.RegularExpressions;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// <c>samlassume serve</c> running in-process on the real command line until disposed (which is Ctrl-C): the URL and
/// token are read from the export lines it printed.
/// </summary>
public sealed class RunningServe : IAsyncDisposable
{
    private static readonly Regex UrlLine = new("^export AWS_CONTAINER_CREDENTIALS_FULL_URI='([^']+)'$", RegexOptions.Multiline);
    private static readonly Regex TokenLine = new("^export AWS_CONTAINER_AUTHORIZATION_TOKEN='([^']+)'$", RegexOptions.Multiline);

    private readonly RunningCommand command;

    private RunningServe(RunningCommand command)
    {
        this.command = command;
        Url = new Uri(UrlLine.Match(command.Stdout).Groups[1].Value);
        Token = TokenLine.Match(command.Stdout).Groups[1].Value;
    }

    public Uri Url { get; }
    public string Token { get; }
    public string Stdout => command.Stdout;

    public static async Task<RunningServe> StartAsync(TestWorkspace ws, string[] args, IReadOnlyDictionary<string, string?>? environment = null, TimeProvider? clock = null) =>
        new(await RunningCommand.StartAsync(ws, ["serve", .. args], text => UrlLine.IsMatch(text) && TokenLine.IsMatch(text), "its exports", environment, clock));

    /// <summary>Stops the server as Ctrl-C would and returns what the whole run printed.</summary>
    public Task<CliResult> StopAsync() => command.StopAsync();

    public ValueTask DisposeAsync() => command.DisposeAsync();
}
