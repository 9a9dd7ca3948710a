namespace SamlAssume.Keyring;

/// <summary>Where there is no keyring SamlAssume can use: every call says so, and why. Never a file instead.</summary>
public sealed class NoKeyring(string reason) : ISecretStore
{
    public string Description => $"none ({reason})";

    public Task<string?> ReadAsync(SecretKey key, CancellationToken cancellationToken) => throw Absent();
    public Task WriteAsync(SecretKey key, SecretKind kind, string label, string secret, CancellationToken cancellationToken) => throw Absent();
    public Task<int> DeleteAsync(SecretKey key, CancellationToken cancellationToken) => throw Absent();
    public Task<IReadOnlyList<StoredSecret>> ListOursAsync(CancellationToken cancellationToken) => throw Absent();

    private KeyringUnavailableException Absent() => new(KeyringProblem.Absent, $"no keyring: {reason}");
}
