using System.CommandLine;
using System.Text.RegularExpressions;
using SamlAssume.Aws.Sessions;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Settings;
using SamlAssume.Sources.IamUser;
using Spectre.Console;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume init --source-profile NAME</c>: asks for an IAM user's access key id and secret access key (hidden)
/// and writes them into that profile of the credentials file (stscreds init). Without a terminal the two come as two
/// lines on standard input, so neither appears in a command line or the shell history.
/// With <c>--keyring</c> the keys go into the system keyring instead (aws-vault's model) and nothing secret is written:
/// keys the profile held in the file are removed from it (they would shadow the keyring's), the profile itself only
/// when nothing else is left in it. The AWS CLI reads a credentials-file profile without keys, or none at all, without
/// complaint; it only cannot use that profile by itself, which is the point (the IAM-user source reads the keyring).
/// </summary>
public sealed partial class InitCommand : SamlAssumeCommand
{
    private readonly Option<string> source = new("--source-profile") { Description = "The profile to write (e.g. bastion)", Required = true };
    private readonly Option<string?> serial = new("--mfa-serial") { Description = "Also write mfa_serial (the MFA device ARN) into the profile" };
    private readonly Option<string?> file = new("--file", "-f") { Description = "The credentials file (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
    private readonly Option<bool> keyring = new("--keyring") { Description = "Store the keys in the system keyring instead of the credentials file (and remove any the profile has there)" };
    private readonly Option<bool> noCheck = new("--no-check") { Description = "Store the keys without asking STS (GetCallerIdentity) whether they work, and without looking up the MFA device in IAM" };
    private readonly Option<int> httpTimeout = SharedOptions.HttpTimeout();

    public InitCommand(CommandContext context)
        : base(context, "init", "Write an IAM user's long-lived keys into a profile of the credentials file, or with --keyring into the system keyring (asked, secret hidden)", verbose: null) =>
        Add(source, serial, file, keyring, noCheck, httpTimeout);

    [GeneratedRegex("^AKIA[A-Z0-9]{16}$")]
    private static partial Regex LongLivedKeyId();

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var name = result.GetValue(source)!;
        var path = CredentialsFile.ResolvePath(n => Context.Environment[n], Context.HomeDirectory, result.GetValue(file));
        var credentials = new CredentialsFile(path);
        if (credentials.ReadProfile(name) is { } existing && existing.ContainsKey("aws_session_token"))
            throw CommandFailure.Usage($"profile [{name}] of {path} holds temporary credentials: choose another name for the long-lived keys");
        var toKeyring = result.GetValue(keyring);
        if (toKeyring)
        {
            // Keys in the keyring are read only for a profile the files give no other credentials (SharedProfiles).
            var files = IamUserProfiles.Files(Context) with { CredentialsFile = path };
            if (files.Read().OtherCredentialsKey(name) is { } other)
                throw CommandFailure.Usage($"profile [{name}] has {other} in {files.CredentialsFile} or {files.ConfigFile}, so keys in the keyring would never be used for it: choose another name");
            // Asked before the keys are typed: no keyring at all fails now (exit 8), not after; a locked one fails the store below, before the file is touched.
            await Context.OpenKeyring(Context).ReadAsync(KeyringItems.AwsKeys(name), cancellationToken);
        }

        string keyId, secret;
        if (Context.IsInteractive)
        {
            keyId = Prompts.InterruptiblePrompt.Ask(Context.Console, new TextPrompt<string>("AWS access key id:")
                .Validate(k => LongLivedKeyId().IsMatch(k.Trim()) ? ValidationResult.Success() : ValidationResult.Error("An IAM user's key id: AKIA and 16 letters or digits")), Context.Interrupt).Trim();
            secret = Prompts.InterruptiblePrompt.Ask(Context.Console, new TextPrompt<string>("AWS secret access key:").Secret()
                .Validate(s => IsSecret(s.Trim()) ? ValidationResult.Success() : ValidationResult.Error("40 characters, no spaces")), Context.Interrupt).Trim();
        }
        else
        {
            keyId = Context.In.ReadLine()?.Trim() ?? "";
            secret = Context.In.ReadLine()?.Trim() ?? "";
            if (!LongLivedKeyId().IsMatch(keyId))
                throw CommandFailure.Usage("without a terminal, give the access key id (AKIA…) and the secret access key as two lines on standard input");
            if (!IsSecret(secret)) throw CommandFailure.Usage("the secret access key (second line of standard input) must be 40 characters without spaces");
        }
        var mfaSerial = result.GetValue(serial);
        string? foundSerial = null, deviceNote = null;
        if (!result.GetValue(noCheck))
        {
            // Checked before anything is stored: a mistyped key fails here with one line, not later with InvalidClientTokenId.
            var transport = LoginSettings.TransportOf(new LoginArguments { HttpTimeout = result.GetValue(httpTimeout) }, Context);
            using var iam = Aws.Iam.IamQueryClient.For(Context, transport, null);
            var checkedKeys = await LongLivedKeyCheck.CheckAsync(iam, new Aws.Iam.AwsKeyCredentials(keyId, secret), cancellationToken);
            log.Detail($"STS accepts the key {keyId}: it is {checkedKeys.Arn}");
            if (mfaSerial is null)
                (foundSerial, deviceNote) = await LongLivedKeyCheck.TryFindDeviceAsync(Context, iam, new SourceProfile(name, keyId, secret, null, null), cancellationToken);
        }
        if (toKeyring)
        {
            await IntoKeyringAsync(Context, log, credentials, name, new LongLivedAwsKeys(keyId, secret), mfaSerial, cancellationToken);
        }
        else
        {
            var values = new List<KeyValuePair<string, string>> { new("aws_access_key_id", keyId), new("aws_secret_access_key", secret) };
            if (mfaSerial is not null) values.Add(new("mfa_serial", mfaSerial));
            credentials.WriteProfile(name, values);
            log.Step($"Wrote the long-lived keys of {keyId} into profile [{name}] of {path}.");
        }
        if (deviceNote is not null) log.Step(deviceNote);
        // The SDKs and the AWS CLI read these before any profile: with them set, the stored keys would not be used.
        if (Context.Environment["AWS_ACCESS_KEY_ID"] is { } shadowing)
            log.Warning($"AWS_ACCESS_KEY_ID ({shadowing}) is set in this environment: the AWS CLI and SDKs use it before any profile, so [{name}] is not used while it is set (unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN)");
        var knownSerial = mfaSerial ?? (IamUserProfiles.Files(Context) with { CredentialsFile = path }).Read().MfaSerialOf(name);
        log.Step($"Next: samlassume session-token --source-profile {name}{(knownSerial is null && foundSerial is null ? " --mfa-serial arn:aws:iam::ACCOUNT:mfa/NAME" : "")}");
        return ExitCodes.Ok;
    }

    /// <summary>
    /// The keyring first: if it cannot take the keys (absent, locked: exit 8) the file is left exactly as it was. Then
    /// the file loses the profile's plaintext keys, and gets mfa_serial (not a secret) if one was given.
    /// </summary>
    private static async Task IntoKeyringAsync(CommandContext context, ProgressLog log, CredentialsFile credentials, string name, LongLivedAwsKeys keys,
        string? mfaSerial, CancellationToken cancellationToken)
    {
        // The file's keys are removed only if they are the ones stored: different typed keys leave both as they were.
        var inFile = credentials.ReadProfile(name);
        string? fileKeyId = null, fileSecret = null;
        inFile?.TryGetValue("aws_access_key_id", out fileKeyId);
        inFile?.TryGetValue("aws_secret_access_key", out fileSecret);
        if ((fileKeyId is { Length: > 0 } || fileSecret is { Length: > 0 })
            && (!string.Equals(fileKeyId?.Trim(), keys.AccessKeyId, StringComparison.Ordinal) || !string.Equals(fileSecret?.Trim(), keys.SecretAccessKey, StringComparison.Ordinal)))
        {
            throw CommandFailure.Usage($"profile [{name}] of {credentials.Path} holds other keys ({fileKeyId?.Trim() ?? "no key id"}) than the ones typed ({keys.AccessKeyId}): " +
                                       "nothing was stored and nothing removed; type the file's keys to move them into the keyring, or remove them from the file first");
        }
        var store = context.OpenKeyring(context);
        await AwsKeysInKeyring.StoreAsync(store, name, keys, cancellationToken);
        // Read back before anything is removed: the file keeps its keys unless the keyring really holds them.
        if (await AwsKeysInKeyring.ReadAsync(store, name, cancellationToken) is not { } stored || stored != keys)
            throw new KeyringUnavailableException(KeyringProblem.Failed, $"the keyring did not give back the keys just stored for [{name}]: {credentials.Path} was left as it was");
        log.Step($"Stored the long-lived keys of {keys.AccessKeyId} for profile [{name}] in the keyring ({KeyringItems.AwsKeys(name)}); samlassume keyring forget removes them.");
        if (credentials.RemoveKeys(name, ["aws_access_key_id", "aws_secret_access_key"]))
            log.Step($"Removed the plaintext keys of profile [{name}] from {credentials.Path}.");
        if (mfaSerial is not null) credentials.WriteProfile(name, [new("mfa_serial", mfaSerial)]);
    }

    private static bool IsSecret(string secret) => secret.Length == 40 && !secret.Any(char.IsWhiteSpace);
}
