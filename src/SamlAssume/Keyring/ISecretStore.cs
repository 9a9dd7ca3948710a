namespace SamlAssume.Keyring;

/// <summary>
/// The operating system's keyring, as SamlAssume uses it: secrets addressed by a service and an account name (the
/// pair every keyring and Python's <c>keyring</c> library use). A store that cannot serve — none on this system,
/// locked, not answering — throws <see cref="KeyringUnavailableException"/>; there is never a plaintext fallback.
/// </summary>
public interface ISecretStore
{
    /// <summary>Which keyring this is, for messages ("Secret Service (gnome-keyring) at unix:path=…").</summary>
    string Description { get; }

    /// <returns>The secret, or null when no item has this key.</returns>
    Task<string?> ReadAsync(SecretKey key, CancellationToken cancellationToken);

    /// <summary>Stores the secret under the key, replacing what was there.</summary>
    Task WriteAsync(SecretKey key, SecretKind kind, string label, string secret, CancellationToken cancellationToken);

    /// <returns>How many items were removed (0 when there was none).</returns>
    Task<int> DeleteAsync(SecretKey key, CancellationToken cancellationToken);

    /// <summary>The items SamlAssume stored (never their secrets), for <c>keyring status</c> and <c>keyring forget</c>.</summary>
    Task<IReadOnlyList<StoredSecret>> ListOursAsync(CancellationToken cancellationToken);
}
