using System.Text.Json;
using System.Text.Json.Serialization;
using SamlAssume.Aws.Sessions;

namespace SamlAssume.Keyring;

/// <summary>
/// Long-lived keys for a source profile in the keyring: one item per profile, the pair as a small JSON object. This is
/// the API the IAM-user identity source reads: <see cref="ReadAsync"/> returns null when the keyring has none for
/// the profile (then the credentials file is the place to look).
/// </summary>
public static class AwsKeysInKeyring
{
    public static async Task<LongLivedAwsKeys?> ReadAsync(ISecretStore store, string sourceProfile, CancellationToken cancellationToken)
    {
        var json = await store.ReadAsync(KeyringItems.AwsKeys(sourceProfile), cancellationToken);
        if (json is null) return null;
        StoredKeys? stored;
        try
        {
            stored = JsonSerializer.Deserialize(json, KeyringJsonContext.Default.StoredKeys);
        }
        catch (JsonException e)
        {
            throw new KeyringUnavailableException(KeyringProblem.Failed,
                $"the keyring item {KeyringItems.AwsKeys(sourceProfile)} is not SamlAssume's AWS key format: store the keys again with samlassume keyring set-aws-keys --profile {sourceProfile}", e);
        }
        if (stored is not { AccessKeyId: { Length: > 0 } id, SecretAccessKey: { Length: > 0 } secret })
        {
            throw new KeyringUnavailableException(KeyringProblem.Failed,
                $"the keyring item {KeyringItems.AwsKeys(sourceProfile)} lacks the access key id or secret: store the keys again with samlassume keyring set-aws-keys --profile {sourceProfile}");
        }
        return new LongLivedAwsKeys(id, secret);
    }

    public static Task StoreAsync(ISecretStore store, string sourceProfile, LongLivedAwsKeys keys, CancellationToken cancellationToken) =>
        store.WriteAsync(KeyringItems.AwsKeys(sourceProfile), SecretKind.AwsAccessKey, KeyringItems.AwsKeysLabel(sourceProfile, keys.AccessKeyId),
            JsonSerializer.Serialize(new StoredKeys { AccessKeyId = keys.AccessKeyId, SecretAccessKey = keys.SecretAccessKey }, KeyringJsonContext.Default.StoredKeys),
            cancellationToken);

    public static Task<int> ForgetAsync(ISecretStore store, string sourceProfile, CancellationToken cancellationToken) =>
        store.DeleteAsync(KeyringItems.AwsKeys(sourceProfile), cancellationToken);

    /// <summary>The stored form, named as in credential_process JSON so a person reading it in a keyring app knows it.</summary>
    internal sealed class StoredKeys
    {
        public int Version { get; set; } = 1;
        public string? AccessKeyId { get; set; }
        public string? SecretAccessKey { get; set; }
    }
}

[JsonSerializable(typeof(AwsKeysInKeyring.StoredKeys))]
internal sealed partial class KeyringJsonContext : JsonSerializerContext;
