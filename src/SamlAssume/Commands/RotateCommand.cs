using System.CommandLine;
using SamlAssume.Aws;
using SamlAssume.Aws.Iam;
using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Settings;
using SamlAssume.Sources.IamUser;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume rotate --source-profile NAME</c>: a new access key for the IAM user, written where the old one was
/// (credentials file or keyring), then the old key deleted at IAM (aws-vault rotate, awscli_bastion
/// rotate-access-keys); <see cref="KeyRotation"/>.
/// </summary>
public sealed class RotateCommand : SamlAssumeCommand
{
    private readonly IamUserOptions options;
    private readonly Option<bool> noSession = new("--no-session") { Description = "Sign the IAM calls with the long-lived key itself, not an MFA session (for users without an MFA device, or whose policy allows it)" };
    private readonly Option<int> wait = new Option<int>("--wait") { Description = "How long to wait for STS to accept the new key, in seconds (default 60)", DefaultValueFactory = _ => 60 }.Counting("seconds");

    public RotateCommand(CommandContext context) : this(context, new IamUserOptions())
    {
    }

    private RotateCommand(CommandContext context, IamUserOptions options)
        : base(context, "rotate", "Rotate an IAM user's access key: create a new one, wait until STS accepts it, write it where the old one was, delete the old one", options.Verbose)
    {
        this.options = options;
        options.AddTo(this, sessionDuration: false);
        Add(noSession, wait);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        if (result.GetValue(wait) is < 0 or > 600) throw CommandFailure.Usage($"--wait must be between 0 and 600 seconds, not {result.GetValue(wait)}");
        var settings = IamUserProfiles.ForSource(options.Bind(result), Context);
        var iamUser = settings.IamUser!;
        var name = iamUser.SourceProfile;
        var source = iamUser.Profiles.Source(name);
        var store = iamUser.Profiles.StoredKeys(name) is not null ? Context.OpenKeyring(Context) : null;
        var file = new CredentialsFile(iamUser.Profiles.Files.CredentialsFile);

        AwsKeyCredentials signer;
        var serial = iamUser.MfaSerial ?? iamUser.Profiles.MfaSerialOf(name);
        if (!result.GetValue(noSession) && serial is not null)
        {
            // IAM takes a GetSessionToken session only with MFA in it: the cached MFA session serves, else one code.
            using var pipeline = new LoginPipeline(Context, log, settings);
            var session = (await pipeline.SignInAsync(cancellationToken)).Session!;
            signer = new AwsKeyCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken);
            log.Detail($"IAM calls signed with the MFA session of [{name}] ({serial})");
        }
        else
        {
            signer = new AwsKeyCredentials(source.AccessKeyId, source.SecretAccessKey);
            log.Detail($"IAM calls signed with the long-lived key {source.AccessKeyId} of [{name}]");
        }
        using var iam = IamQueryClient.For(Context, settings.Transport, settings.AwsRegion);
        await new KeyRotation(Context, log, iam, TimeSpan.FromSeconds(result.GetValue(wait))).RotateAsync(source, signer, store, file, cancellationToken);
        return ExitCodes.Ok;
    }
}
