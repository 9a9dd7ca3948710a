using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume clear-cache [--profile NAME] [--credentials-file]</c>: deletes cached credentials (one profile's, or
/// all), cached assertions and MFA sessions, and names each file. With --credentials-file it also removes the
/// profiles holding temporary credentials from the credentials file — never one with long-lived keys.
/// </summary>
public sealed class ClearCacheCommand : SamlAssumeCommand
{
    private readonly Option<string?> profile = SharedOptions.Profile("Only this profile's cached credentials");
    private readonly Option<bool> credentialsFile = new("--credentials-file") { Description = "Also remove temporary credentials (aws_session_token) from the credentials file: a profile of nothing else goes, a role profile keeps role_arn, source_profile and its other settings; long-lived keys are never touched" };
    private readonly Option<string?> file = new("--file", "-f") { Description = "With --credentials-file: the credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };

    public ClearCacheCommand(CommandContext context) : this(context, SharedOptions.Verbose())
    {
    }

    private ClearCacheCommand(CommandContext context, Option<bool> verbose)
        : base(context, "clear-cache", "Delete cached credentials, SAML assertions and MFA sessions (with --credentials-file also temporary profiles of ~/.aws/credentials)", verbose) =>
        Add(profile, verbose, credentialsFile, file);

    protected override Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var cache = new CredentialCache(CachePaths.For(Context.Environment, Context.HomeDirectory));
        var name = result.GetValue(profile);
        log.Detail($"cache directory {cache.Paths.Root}");
        var removed = cache.Clear(name);
        foreach (var path in removed) log.Step($"Removed {path}");
        log.Step(removed.Count == 0
            ? $"Nothing cached{(name is null ? "" : $" for [{name}]")} in {cache.Paths.Root}."
            : $"Removed {removed.Count} cached file(s){(name is null ? "" : $" for [{name}]")}.");
        if (result.GetValue(credentialsFile))
        {
            var path = CredentialsFile.ResolvePath(n => Context.Environment[n], Context.HomeDirectory, result.GetValue(file));
            var skipped = new List<string>();
            var (gone, stripped) = new CredentialsFile(path).RemoveTemporaryCredentials((p, values) =>
            {
                if (name is not null && p != name) return false;
                // An IAM user's key, even with a stray or empty aws_session_token line, is long-lived: never touched.
                if (!WritableProfile.HoldsLongLivedKeys(values)) return true;
                skipped.Add(p);
                return false;
            });
            // awscli_bastion's words, so its users recognise the rule.
            foreach (var p in skipped) log.Step($"Skipping the '{p}' profile because it may contain long-lived credentials");
            foreach (var p in gone) log.Step($"Removed profile [{p}] (temporary credentials) from {path}");
            foreach (var p in stripped) log.Step($"Removed the temporary credentials of [{p}] from {path}; its role_arn, source_profile and other settings stay");
            if (gone.Count + stripped.Count == 0) log.Step($"No profile with temporary credentials{(name is null ? "" : $" named [{name}]")} in {path}.");
        }
        return Task.FromResult(ExitCodes.Ok);
    }
}
