using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.IamUser;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume session-token --source-profile bastion [-z SECONDS] [--write-profile NAME]</c>: the IAM user's MFA
/// session (STS GetSessionToken) as credential_process JSON — awscli_bastion's <c>[bastion-sts]</c> — served from
/// the cache while it has more than --min-remaining left, so one code serves every AWS command of the session. With
/// --write-profile the session goes into that profile of the credentials file instead.
/// </summary>
public static class SessionTokenCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("session-token", "Print an IAM user's MFA session (STS GetSessionToken) as credential_process JSON (cached; one MFA code per session)");
        var options = new IamUserOptions();
        options.AddTo(command, sessionDuration: false);
        var duration = new Option<int?>("--duration", "-z") { Description = "Session length in seconds, 900 to 129600 (default 43200)" }.Counting("seconds");
        var minRemaining = new Option<int>("--min-remaining") { Description = "Start a new session unless the cached one has more than this many minutes left (default 15)", DefaultValueFactory = _ => (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes }.Counting("minutes");
        var writeProfile = new Option<string?>("--write-profile") { Description = "Write the session into this profile of the credentials file instead of printing it" };
        var file = new Option<string?>("--file", "-f") { Description = "With --write-profile: the credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
        foreach (var option in new Option[] { duration, minRemaining, writeProfile, file }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) =>
        {
            var verbose = result.GetValue(options.Verbose);
            return FailureReporter.RunAsync(context.Error, verbose, async () =>
            {
                var target = result.GetValue(writeProfile);
                var remaining = CredentialExpiry.MinRemaining(result.GetValue(minRemaining))
                    ?? throw CommandFailure.Usage($"--min-remaining must be between 0 and {CredentialExpiry.MaxMinRemainingMinutes} minutes");
                var settings = options.Bind(result, result.GetValue(duration), onControllingTerminal: target is null) with { SessionMinRemaining = remaining };
                var log = new ProgressLog(context.Error, verbose);
                using var source = new IamUserSource(context, log, settings);
                var path = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, result.GetValue(file));
                if (target is not null) WritableProfile.Check(new CredentialsFile(path), [target], source.SourceName);
                var session = await source.SessionAsync(cancellationToken);
                var cached = new CachedCredentials
                {
                    AccessKeyId = session.AccessKeyId, SecretAccessKey = session.SecretAccessKey, SessionToken = session.SessionToken, Expiration = session.Expiration,
                };
                if (target is null)
                {
                    context.Out.Write(CredentialProcessOutput.JsonLine(cached));
                    context.Out.Flush();
                    return ExitCodes.Ok;
                }
                new CredentialsFile(path).WriteProfile(target, CredentialsProfile.Keys(cached.ToTemporary(), source.Region));
                log.Step($"Wrote the MFA session of [{source.SourceName}] into profile [{target}] of {path}; expires {UtcSeconds.Format(session.Expiration)}.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
