namespace SamlAssume.Keyring;

/// <summary>
/// The names SamlAssume files its secrets under, and their labels (what keyring apps show). The password's names
/// can be chosen with OneLogin's <c>--keychain-service</c>/<c>--keychain-account</c>; the rest are fixed.
/// </summary>
public static class KeyringItems
{
    public const string PasswordService = "samlassume-onelogin";
    public const string ClientSecretService = "samlassume-onelogin-api";
    public const string AwsKeysService = "samlassume-aws";

    public static IReadOnlyList<string> OurServices { get; } = [PasswordService, ClientSecretService, AwsKeysService];

    /// <summary>The OneLogin password: service and account as given, else ours and the OneLogin username.</summary>
    public static SecretKey OneLoginPassword(string? keychainService, string? keychainAccount, string username) =>
        new(keychainService ?? PasswordService, keychainAccount ?? username);

    public static string PasswordLabel(string username) => $"SamlAssume: OneLogin password of {username}";

    /// <summary>The OneLogin API client secret, by client_id (or the account named after <c>keyring:</c>).</summary>
    public static SecretKey ClientSecret(string account) => new(ClientSecretService, account);

    public static string ClientSecretLabel(string clientId) => $"SamlAssume: OneLogin API client secret of client {clientId}";

    /// <summary>An IAM user's long-lived keys, by the name of the AWS profile they are the source of.</summary>
    public static SecretKey AwsKeys(string sourceProfile) => new(AwsKeysService, sourceProfile);

    public static string AwsKeysLabel(string sourceProfile, string accessKeyId) => $"SamlAssume: AWS access key {accessKeyId} for profile {sourceProfile}";
}
