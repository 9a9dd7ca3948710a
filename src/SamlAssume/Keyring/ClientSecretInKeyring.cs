namespace SamlAssume.Keyring;

/// <summary>
/// <c>"client_secret": "keyring:"</c> in onelogin.sdk.json: the API client secret lives in the keyring, filed under
/// the client_id (or <c>"keyring:NAME"</c> under NAME); <c>samlassume keyring set-client-secret</c> puts it there.
/// Any other value is the secret itself, as in OneLogin's tool.
/// </summary>
public static class ClientSecretInKeyring
{
    public const string Prefix = "keyring:";

    public static bool IsReference(string? value) => value is not null && value.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The account a reference names: the text after <c>keyring:</c>, or the client_id.</summary>
    public static string Account(string reference, string clientId) => reference.Length > Prefix.Length ? reference[Prefix.Length..] : clientId;

    public static string Resolve(string clientSecret, string clientId, string? sdkPath, CommandContext context, ProgressLog log)
    {
        if (!IsReference(clientSecret)) return clientSecret;
        var key = KeyringItems.ClientSecret(Account(clientSecret, clientId));
        var where = sdkPath ?? ConfigurationSearchPathName;
        string? secret;
        try
        {
            secret = KeyringCall.Run(ct => context.OpenKeyring(context).ReadAsync(key, ct));
        }
        catch (KeyringUnavailableException e)
        {
            throw new KeyringUnavailableException(e.Problem, $"{where} keeps client_secret in the keyring, but {e.Message}", e);
        }
        if (secret is null)
        {
            throw new InvalidInput(
                $"{where} keeps client_secret in the keyring, but the keyring has none under {key}: store it with samlassume keyring set-client-secret");
        }
        log.Detail($"OneLogin API client secret from the keyring ({key})");
        return secret;
    }

    private const string ConfigurationSearchPathName = "onelogin.sdk.json";
}
