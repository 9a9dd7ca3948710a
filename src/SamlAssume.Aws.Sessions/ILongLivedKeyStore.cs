namespace SamlAssume.Aws.Sessions;

/// <summary>
/// Long-lived keys kept outside the shared files, by source-profile name (aws-vault's model: the operating system's
/// keyring). <see cref="SharedProfiles"/> asks it only about a profile the files give no credentials of any kind, so
/// keys in ~/.aws/credentials always win and a store is never consulted for a role, SSO or process profile. What the
/// store is and how it is reached is the caller's business: this library knows no keyring.
/// </summary>
public interface ILongLivedKeyStore
{
    /// <summary>Where the keys would be, for messages ("the keyring").</summary>
    string Name { get; }

    /// <returns>The keys stored for <paramref name="profile"/>, or null when there are none.</returns>
    /// <remarks>A store that cannot answer (locked, absent) throws its own exception; it passes through unchanged.</remarks>
    LongLivedAwsKeys? Find(string profile);
}
