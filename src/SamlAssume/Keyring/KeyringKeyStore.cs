using SamlAssume.Aws.Sessions;

namespace SamlAssume.Keyring;

/// <summary>
/// Where the IAM-user source finds long-lived keys that are not in the credentials file: the keyring, one item per
/// source profile (<see cref="AwsKeysInKeyring"/>; put there by <c>init --keyring</c> or <c>keyring set-aws-keys</c>).
/// <see cref="SharedProfiles"/> asks only about a profile the files give no credentials of any kind. A keyring that
/// cannot answer then (absent, locked) fails the command with one line and exit 8: the keys have no other home, and
/// there is no plaintext fallback.
/// </summary>
public sealed class KeyringKeyStore(CommandContext context, string credentialsFile) : ILongLivedKeyStore
{
    private ISecretStore? _store;

    public string Name => "the keyring";

    public LongLivedAwsKeys? Find(string profile)
    {
        _store ??= context.OpenKeyring(context);
        try
        {
            return KeyringCall.Run(ct => AwsKeysInKeyring.ReadAsync(_store, profile, ct));
        }
        catch (KeyringUnavailableException e)
        {
            throw new KeyringUnavailableException(e.Problem,
                $"profile '{profile}' has no long-lived keys in {credentialsFile}, and the keyring that would hold them cannot be asked: {e.Message}", e);
        }
    }
}
