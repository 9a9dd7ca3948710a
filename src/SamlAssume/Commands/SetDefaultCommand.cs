using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Cli;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume set-default PROFILE</c>: puts a profile's temporary credentials into <c>[default]</c> of the
/// credentials file (awscli_bastion's set-default), so tools that know no profiles use them. A profile that holds
/// temporary credentials is copied; an IAM-user role profile that holds none yet (awscli_bastion's documented flow:
/// role_arn + source_profile only) is assumed first, through the same cache and MFA session as <c>env -p</c>, and
/// its credentials are written. Long-lived keys are never copied, and a <c>[default]</c> holding long-lived keys is
/// never overwritten.
/// </summary>
public sealed class SetDefaultCommand : SamlAssumeCommand
{
    private static readonly string[] CopiedKeys = ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token", "aws_session_expiration", "region"];

    private readonly Argument<string> profile = new("PROFILE") { Description = "A profile with temporary credentials (written by login, assume-role or session-token --write-profile), or an IAM-user role profile of ~/.aws/config" };
    private readonly Option<string?> file = new("--file", "-f") { Description = "The credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
    private readonly Option<string?> otp = new("--otp") { Description = "MFA code, if a role profile must be assumed and its MFA session started (or AWS_MFA_CODE; else a hidden prompt)" };
    private readonly Option<bool> verbose;

    public SetDefaultCommand(CommandContext context) : this(context, SharedOptions.Verbose())
    {
    }

    private SetDefaultCommand(CommandContext context, Option<bool> verbose)
        : base(context, "set-default", "Put a profile's temporary credentials into [default] of the credentials file (a role profile without any is assumed first)", verbose)
    {
        this.verbose = verbose;
        Add(profile, file, otp, verbose);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var name = result.GetValue(profile)!;
        var path = CredentialsFile.ResolvePath(n => Context.Environment[n], Context.HomeDirectory, result.GetValue(file));
        var credentials = new CredentialsFile(path);
        if (name == "default") throw CommandFailure.Usage("[default] is already the default profile");
        var values = credentials.ReadProfile(name);
        if (values is not null && values.ContainsKey("aws_session_token") && values.ContainsKey("aws_access_key_id") && !WritableProfile.HoldsLongLivedKeys(values))
        {
            WritableProfile.Check(credentials, ["default"]);
            credentials.WriteProfile("default", CopiedKeys.Where(values.ContainsKey).Select(k => new KeyValuePair<string, string>(k, values[k])).ToList());
            var expires = values.TryGetValue("aws_session_expiration", out var e) ? $"; expires {e}" : "";
            log.Step($"Copied the temporary credentials of [{name}] into [default] of {path}{expires}.");
            return ExitCodes.Ok;
        }
        if (WritableProfile.HoldsLongLivedKeys(values))
            throw CommandFailure.Usage($"profile [{name}] of {path} holds no temporary credentials (aws_session_token) but long-lived keys: set-default copies only temporary ones");
        var args = new LoginArguments { Profile = name, Otp = result.GetValue(otp), Verbose = result.GetValue(verbose), Advice = Prompts.SignInAdvice.ProfileEntry };
        if (IamUserProfiles.Resolve(args, name, IamUserProfiles.Read(Context), Context, log) is null)
            throw CommandFailure.Usage(values is null
                ? $"there is no profile [{name}] in {path}, nor an IAM-user role profile (role_arn + source_profile) of that name"
                : $"profile [{name}] of {path} holds no temporary credentials (aws_session_token) and is no IAM-user role profile: set-default copies only those");
        WritableProfile.Check(credentials, ["default"]);
        var cached = await new Login.ProfileCredentialSource(Context, log).GetAsync(args, CredentialExpiry.DefaultMinRemaining, promptOnTerminal: false, cancellationToken);
        var assumed = new TemporaryCredentials(cached.AccessKeyId, cached.SecretAccessKey, cached.SessionToken, cached.Expiration, cached.AssumedRoleArn ?? name);
        credentials.WriteProfile("default", CredentialsProfile.Keys(assumed, cached.Region));
        log.Step($"Wrote the credentials of [{name}] ({assumed.AssumedRoleArn}) into [default] of {path}; expire {assumed.ExpirationText}.");
        return ExitCodes.Ok;
    }
}
