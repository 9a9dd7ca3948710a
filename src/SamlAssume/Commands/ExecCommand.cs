using System.CommandLine;
using System.ComponentModel;
using System.Diagnostics;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume exec [NAME] [-- CMD ARGS…]</c> (or <c>-p NAME</c>, or AWS_PROFILE): runs CMD with the profile's credentials in its environment
/// and AWS_PROFILE/AWS_DEFAULT_PROFILE removed (an SDK would otherwise look for that profile instead), on our own
/// stdin/stdout/stderr, and exits with CMD's exit code (127 when CMD is not found, 126 when it cannot be run; no CMD: $SHELL). With <c>--server</c> the child gets no keys at all, only
/// <c>AWS_CONTAINER_CREDENTIALS_FULL_URI</c> + <c>AWS_CONTAINER_AUTHORIZATION_TOKEN</c> of a <c>serve</c> endpoint that
/// lives as long as the child (aws-vault's <c>exec --ecs-server</c>): a long-running child keeps getting fresh
/// credentials, and the variables that outrank the container provider in the SDKs' chain are removed.
/// </summary>
public sealed class ExecCommand : ProfileCommand
{
    private readonly Argument<string[]> commandLine = new("[PROFILE] [-- COMMAND") { Description = "The profile (as -p; default AWS_PROFILE), then after -- the command and its arguments (default: $SHELL)", Arity = ArgumentArity.ZeroOrMore };
    private readonly Option<bool> server = new("--server") { Description = "Give the command a local credentials endpoint (refreshed as needed) instead of the keys themselves" };

    public ExecCommand(CommandContext context)
        : base(context, "exec", "Run a command (or $SHELL) with a profile's credentials in its environment: samlassume exec NAME -- aws s3 ls", promptOnTerminal: false, positional: false)
    {
        Add(commandLine, server);
        Profile.Positional = result => Split(result).Profile;
        // Only the first argument is a profile; what follows is the command's.
        commandLine.CompletionSources.Add(completion => completion.ParseResult.GetResult(commandLine)?.Tokens is not { } tokens
            || tokens.Count == 0 || tokens.Count == 1 && tokens[0].Value == completion.WordToComplete
                ? ValueCompletion.ProfileNames(completion, context) : []);
    }

    /// <summary>
    /// aws-vault's form: <c>exec PROFILE [--] CMD…</c> — the first argument is the profile unless -p names it; what
    /// follows <c>--</c> is always the command. No command: the user's <c>$SHELL</c>.
    /// </summary>
    private (string? Profile, string[] Command) Split(ParseResult result)
    {
        var values = result.GetValue(commandLine) ?? [];
        var afterDash = 0;
        var dash = false;
        foreach (var token in result.Tokens)
        {
            if (token.Type == System.CommandLine.Parsing.TokenType.DoubleDash) dash = true;
            else if (dash && token.Type == System.CommandLine.Parsing.TokenType.Argument) afterDash++;
        }
        var before = values[..^Math.Min(afterDash, values.Length)];
        var after = values[^Math.Min(afterDash, values.Length)..];
        if (result.GetValue(Profile.Profile) is not null || before.Length == 0) return (null, [.. before, .. after]);
        return (before[0], [.. before[1..], .. after]);
    }

    private string[] CommandOf(ParseResult result) =>
        Split(result).Command is { Length: > 0 } command ? command : [Context.Environment["SHELL"] is { Length: > 0 } shell ? shell : "/bin/sh"];

    /// <summary>127/126 before signing in, and no exec of one profile inside another's.</summary>
    protected override void Check(ParseResult result)
    {
        var profile = Profile.NameOf(result);
        if (Context.Environment[ProfileOptions.MarkerVariable] is { Length: > 0 } outer && outer != profile)
        {
            throw CommandFailure.Usage($"this shell already has the credentials of [{outer}] from `samlassume exec` ({ProfileOptions.MarkerVariable}={outer}); " +
                $"exit it before running [{profile}], so the two are never mixed");
        }
        ExecutableLookup.Resolve(CommandOf(result)[0], Context.Environment["PATH"], Context.CurrentDirectory);
    }

    protected override async Task<int> UseAsync(ParseResult result, CachedCredentials credentials, ProgressLog log, CancellationToken cancellationToken)
    {
        var argv = CommandOf(result);
        var program = ExecutableLookup.Resolve(argv[0], Context.Environment["PATH"], Context.CurrentDirectory);
        KeyValuePair<string, string> marker = new(ProfileOptions.MarkerVariable, Profile.NameOf(result));
        if (!result.GetValue(server))
            return await RunAsync(Context, log, program, argv, [.. ShellExports.Variables(credentials.ToTemporary(), credentials.Region), marker], cancellationToken);
        var (started, _) = await ServeCommand.StartAsync(Context, log, Profile.Bind(result), Profile.MinRemainingOf(result), port: 0, cancellationToken);
        await using var endpoint = started;
        var served = endpoint.Variables().ToList();
        served.Add(marker);
        if (credentials.Region is { } region) served.AddRange([new("AWS_REGION", region), new("AWS_DEFAULT_REGION", region)]);
        log.Detail($"credentials endpoint {endpoint.Url} for the child only");
        return await RunAsync(Context, log, program, argv, served, cancellationToken, OutrankContainerCredentials);
    }

    /// <summary>
    /// What an SDK would take before the container endpoint: keys in the environment, then (botocore, the .NET SDK)
    /// a relative container URI; a web identity or profile is removed with AWS_PROFILE already.
    /// </summary>
    private static readonly string[] OutrankContainerCredentials =
    [
        "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", "AWS_WEB_IDENTITY_TOKEN_FILE",
    ];

    private const int ENOENT = 2;

    private static async Task<int> RunAsync(CommandContext context, ProgressLog log, string program, string[] argv,
        IReadOnlyList<KeyValuePair<string, string>> variables, CancellationToken cancellationToken, IEnumerable<string>? remove = null)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false, WorkingDirectory = context.CurrentDirectory };
        foreach (var argument in argv.Skip(1)) start.ArgumentList.Add(argument);
        start.Environment.Clear();
        foreach (var (name, value) in context.Environment.Variables)
        {
            if (value is not null) start.Environment[name] = value;
        }
        start.Environment.Remove("AWS_PROFILE");
        start.Environment.Remove("AWS_DEFAULT_PROFILE");
        foreach (var name in remove ?? []) start.Environment.Remove(name);
        foreach (var (name, value) in variables) start.Environment[name] = value;

        Process process;
        try
        {
            process = Process.Start(start) ?? throw CommandFailure.Usage($"cannot run {argv[0]}");
        }
        catch (Win32Exception e)
        {
            // As shells and aws-vault report it: 127 not found, 126 found but not runnable.
            throw e.NativeErrorCode == ENOENT
                ? new CommandFailure(ExitCodes.CommandNotFound, $"{argv[0]}: command not found")
                : new CommandFailure(ExitCodes.CommandNotExecutable, $"{argv[0]}: cannot be run ({e.Message})");
        }
        log.Detail($"running {argv[0]} (pid {process.Id}) with the credentials in its environment");
        using (process)
        using (InterruptSignal.LeaveCtrlCToChild())
        {
            try
            {
                await process.WaitForExitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // SIGTERM sent to us alone: the child must not be orphaned.
                if (!process.HasExited) process.Kill();
                throw;
            }
            return process.ExitCode;
        }
    }
}
