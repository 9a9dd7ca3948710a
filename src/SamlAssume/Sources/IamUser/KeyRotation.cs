using SamlAssume.Aws;
using SamlAssume.Aws.Iam;
using SamlAssume.Aws.Sessions;
using SamlAssume.Keyring;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// <c>samlassume rotate --source-profile NAME</c>, aws-vault's semantics with one rule on top: no step may lose a
/// working key. In order: who the user is and which keys IAM holds (a user with two keys already is refused, since
/// samlassume never deletes a key it did not create); iam:CreateAccessKey; sts:GetCallerIdentity with the new key
/// until STS accepts it (IAM keys are eventually consistent); the new key written where the old one was (the
/// credentials file, every other byte kept, or the keyring); then iam:DeleteAccessKey of the old key. Until the write,
/// a failure deletes the new key again and leaves the old one in place; after it, a failure to delete the old key
/// says which key is where. The IAM calls are signed with <paramref name="signer"/>: the MFA session when the user has
/// an MFA device (IAM refuses a session without MFA, and policies often demand it), else the long-lived key.
/// </summary>
public sealed class KeyRotation(CommandContext context, ProgressLog log, IamQueryClient iam, TimeSpan waitForNewKey)
{
    /// <summary>How often STS is asked whether it knows the new key yet.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <param name="source">The source profile and its current (old) key.</param>
    /// <param name="signer">Credentials for the IAM calls (an MFA session, or the old key).</param>
    /// <param name="store">Where the old key is: the credentials file (null) or the keyring.</param>
    public async Task<IamNewAccessKey> RotateAsync(SourceProfile source, AwsKeyCredentials signer, ISecretStore? store, CredentialsFile file, CancellationToken cancellationToken)
    {
        var old = source.AccessKeyId;
        var user = await iam.GetUserAsync(signer, cancellationToken: cancellationToken);
        var keys = await iam.ListAccessKeysAsync(signer, user.UserName, cancellationToken);
        if (keys.All(k => k.AccessKeyId != old))
            throw new InvalidInput($"IAM does not list the key {old} of [{source.Name}] for {user.Arn} (it lists {Listed(keys)}): nothing was changed");
        if (keys.Count >= 2)
            throw new InvalidInput($"{user.Arn} already has {keys.Count} access keys ({Listed(keys)}) and IAM allows two: delete the one [{source.Name}] does not use " +
                                   $"(aws iam delete-access-key --user-name {user.UserName} --access-key-id {keys.First(k => k.AccessKeyId != old).AccessKeyId}), then rotate; samlassume never deletes a key it did not create");
        if (store is null && file.ReadProfile(source.Name)?.GetValueOrDefault("aws_access_key_id") != old)
            throw new InvalidInput($"the key {old} of [{source.Name}] is not in {file.Path} (the config file?): rotate writes the new key only into the credentials file or the keyring");

        var created = await iam.CreateAccessKeyAsync(signer, user.UserName, cancellationToken);
        log.Step($"Created the access key {created.AccessKeyId} for {user.Arn}; waiting for STS to accept it (up to {waitForNewKey.TotalSeconds:0} s)…");
        try
        {
            var identity = await AcceptedAsync(created, cancellationToken);
            log.Detail($"STS accepts {created.AccessKeyId}: {identity.Arn}");
            await WriteAsync(source, created, store, file, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C while waiting or writing: the old key is still in place; take the new one back before stopping.
            await TakeBackAsync(signer, created, user, CancellationToken.None);
            throw;
        }
        catch (Exception e)
        {
            // Nothing was written: the old key is still in place and works. Take the new one back so no unused key is left.
            var (_, message) = FailureKinds.Of(e);
            try
            {
                await iam.DeleteAccessKeyAsync(signer, created.AccessKeyId, user.UserName, CancellationToken.None);
            }
            catch (AwsQueryException undo)
            {
                throw new RotationIncomplete($"{message}; [{source.Name}] still holds {old}, which works; the new key {created.AccessKeyId} could not be deleted ({undo.Code}): delete it with aws iam delete-access-key --user-name {user.UserName} --access-key-id {created.AccessKeyId}", e);
            }
            throw new RotationIncomplete($"{message}; nothing was changed: [{source.Name}] still holds {old}, and the new key {created.AccessKeyId} was deleted again", e);
        }
        log.Step($"Wrote {created.AccessKeyId} into [{source.Name}] of {(store is null ? file.Path : $"the keyring ({KeyringItems.AwsKeys(source.Name)})")}.");

        try
        {
            await iam.DeleteAccessKeyAsync(signer, old, user.UserName, cancellationToken);
        }
        catch (AwsQueryException e)
        {
            throw new RotationIncomplete($"[{source.Name}] now holds the new key {created.AccessKeyId}, which works; the old key {old} could not be deleted ({e.Message}): delete it with aws iam delete-access-key --user-name {user.UserName} --access-key-id {old}", e);
        }
        log.Step($"Deleted the old key {old}. Rotated [{source.Name}]: {old} → {created.AccessKeyId}.");
        return created;
    }

    /// <summary>Deletes a key this rotation created and did not write; a failure only leaves it to be deleted by hand (the caller says so).</summary>
    private async Task TakeBackAsync(AwsKeyCredentials signer, IamNewAccessKey created, IamUserDetails user, CancellationToken cancellationToken)
    {
        try
        {
            await iam.DeleteAccessKeyAsync(signer, created.AccessKeyId, user.UserName, cancellationToken);
        }
        catch (AwsQueryException e)
        {
            log.Warning($"the new key {created.AccessKeyId} was not written and could not be deleted ({e.Code}): delete it with aws iam delete-access-key --user-name {user.UserName} --access-key-id {created.AccessKeyId}");
        }
    }

    /// <summary>Polls sts:GetCallerIdentity with the new key until STS knows it, for at most the wait.</summary>
    private async Task<CallerIdentity> AcceptedAsync(IamNewAccessKey created, CancellationToken cancellationToken)
    {
        var key = new AwsKeyCredentials(created.AccessKeyId, created.SecretAccessKey);
        var deadline = context.Clock.GetUtcNow() + waitForNewKey;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await iam.GetCallerIdentityAsync(key, cancellationToken);
            }
            catch (AwsQueryException e) when (e.KeyNotAccepted && context.Clock.GetUtcNow() + PollInterval < deadline)
            {
                log.Detail($"STS does not know {created.AccessKeyId} yet ({e.Code}, attempt {attempt})");
            }
            catch (AwsQueryException e) when (e.KeyNotAccepted)
            {
                throw new RotationIncomplete($"STS did not accept the new key {created.AccessKeyId} within {waitForNewKey.TotalSeconds:0} s ({e.Code})", e);
            }
            await Task.Delay(PollInterval, context.Clock, cancellationToken);
        }
    }

    private static async Task WriteAsync(SourceProfile source, IamNewAccessKey created, ISecretStore? store, CredentialsFile file, CancellationToken cancellationToken)
    {
        if (store is not null)
        {
            await AwsKeysInKeyring.StoreAsync(store, source.Name, new LongLivedAwsKeys(created.AccessKeyId, created.SecretAccessKey), cancellationToken);
            return;
        }
        file.WriteProfile(source.Name, [new("aws_access_key_id", created.AccessKeyId), new("aws_secret_access_key", created.SecretAccessKey)]);
    }

    private static string Listed(IReadOnlyList<IamAccessKeyMetadata> keys) =>
        keys.Count == 0 ? "none" : string.Join(", ", keys.Select(k => $"{k.AccessKeyId} {k.Status}"));
}

/// <summary>A rotation that stopped part-way; the message says which key is where and what to do (never a secret).</summary>
public sealed class RotationIncomplete(string message, Exception? inner = null) : Exception(message, inner);
