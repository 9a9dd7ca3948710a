using System.CommandLine;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume keyring set-aws-keys --source-profile NAME</c> (or <c>-p/--profile</c>, its first name): an IAM user's
/// long-lived key for a source profile, asked at a hidden prompt or read as two lines of stdin, into the keyring.
/// </summary>
public sealed class KeyringSetAwsKeysCommand : SamlAssumeCommand
{
    // --source-profile is what the IAM-user commands call this profile (README: one name per concept).
    private readonly Option<string> profile = new("--profile", "-p", "--source-profile") { Description = "The source profile the keys belong to", Required = true };

    public KeyringSetAwsKeysCommand(CommandContext context)
        : base(context, "set-aws-keys", "Store an IAM user's long-lived access key for a source profile (asked, or two lines of stdin: key id, then secret)", verbose: null) =>
        Add(profile);

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var store = Context.OpenKeyring(Context);
        var name = result.GetValue(profile)!;
        var input = new SecretInput(Context);
        var id = input.Read("AWS access key ID", secret: false);
        if (!LongLivedAwsKeys.IsLongLivedKeyId(id))
        {
            throw CommandFailure.Usage("keyring set-aws-keys: the access key ID must be an IAM user's long-lived key: 20 characters starting AKIA");
        }
        var secret = input.Read("AWS secret access key");
        if (secret.Any(char.IsWhiteSpace)) throw CommandFailure.Usage("keyring set-aws-keys: the secret access key cannot contain spaces");
        await AwsKeysInKeyring.StoreAsync(store, name, new LongLivedAwsKeys(id, secret), cancellationToken);
        log.Step($"Stored AWS access key {id} for profile [{name}] in the keyring ({KeyringItems.AwsKeys(name)}).");
        // The IAM-user source reads the keyring only for a profile the files give no credentials (SharedProfiles).
        var files = IamUserProfiles.Files(Context);
        var profiles = files.Read();
        if (profiles.Value(name, "aws_access_key_id") is not null)
            log.Warning($"profile [{name}] of {files.CredentialsFile} still holds keys, and those are used, not the keyring's: remove aws_access_key_id and aws_secret_access_key from it");
        else if (profiles.OtherCredentialsKey(name) is { } other)
            log.Warning($"profile [{name}] has {other} in {files.CredentialsFile} or {files.ConfigFile}, so these keys are not used for it");
        return ExitCodes.Ok;
    }
}
