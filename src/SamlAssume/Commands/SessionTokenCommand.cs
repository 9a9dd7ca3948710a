using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Login;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume session-token --source-profile bastion [-z SECONDS] [--write-profile NAME]</c>: the IAM user's MFA
/// session (STS GetSessionToken) as credential_process JSON, or into a profile; <see cref="SessionTokenFlow"/>.
/// </summary>
public sealed class SessionTokenCommand : SamlAssumeCommand
{
    private readonly IamUserOptions options;
    private readonly Option<int?> duration = new Option<int?>("--duration", "-z") { Description = "Session length in seconds, 900 to 129600 (default 43200)" }.Counting("seconds");
    private readonly Option<int> minRemaining = new Option<int>("--min-remaining") { Description = "Start a new session unless the cached one has more than this many minutes left, or half its lifetime if less (default 15)", DefaultValueFactory = _ => (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes }.Counting("minutes");
    private readonly Option<string?> writeProfile = new("--write-profile") { Description = "Write the session into this profile of the credentials file instead of printing it" };
    private readonly Option<string?> format = new("--format") { Description = "Print the session as sh, fish, powershell, dotenv or json exports instead of credential_process JSON (eval \"$(samlassume session-token --format sh …)\")" };
    private readonly Option<string?> file = new("--file", "-f") { Description = "With --write-profile: the credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };

    public SessionTokenCommand(CommandContext context) : this(context, new IamUserOptions())
    {
    }

    private SessionTokenCommand(CommandContext context, IamUserOptions options)
        : base(context, "session-token", "Print an IAM user's MFA session (STS GetSessionToken) as credential_process JSON or exports (cached; one MFA code per session; --otp starts a new one)", options.Verbose)
    {
        this.options = options;
        options.AddTo(this, sessionDuration: false);
        duration.Aliases.Add("--session-duration"); // the MFA session's length has this name in assume-role too (README: one name per concept)
        Add(duration, minRemaining, writeProfile, format, file);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var remaining = CredentialExpiry.MinRemaining(result.GetValue(minRemaining))
            ?? throw CommandFailure.Usage($"--min-remaining must be between 0 and {CredentialExpiry.MaxMinRemainingMinutes} minutes");
        if (result.GetValue(writeProfile) is { } target && string.IsNullOrWhiteSpace(target))
            throw CommandFailure.Usage("--write-profile is empty: name the profile of the credentials file to write");
        var args = options.Bind(result, result.GetValue(duration)) with { SessionMinRemaining = remaining, File = result.GetValue(file) };
        return ExitCodes.For(await new SessionTokenFlow(Context, log).RunAsync(args, result.GetValue(writeProfile), cancellationToken, result.GetValue(format)));
    }
}
