namespace SamlAssume.Keyring;

/// <summary>
/// Where a secret lives: the keyring's service and account names. On the Secret Service these are the
/// <c>service</c> and <c>username</c> attributes Python's <c>keyring</c> library uses, and on macOS the generic
/// password's service and account, so an item OneLogin's own tool stored (<c>--keychain-service</c>,
/// <c>--keychain-account</c>) is found under the same names.
/// </summary>
public sealed record SecretKey(string Service, string Account)
{
    public override string ToString() => $"{Service}/{Account}";
}

/// <summary>What a stored secret is for; kept with the item so SamlAssume can list and remove only its own.</summary>
public enum SecretKind
{
    OneLoginPassword,
    OneLoginClientSecret,
    /// <summary>An IAM user's long-lived access key id and secret access key, for a source profile.</summary>
    AwsAccessKey,
}

/// <summary>An item SamlAssume stored, without its secret.</summary>
public sealed record StoredSecret(SecretKey Key, SecretKind? Kind, string Label);

public static class SecretKinds
{
    public static string Name(SecretKind kind) => kind switch
    {
        SecretKind.OneLoginPassword => "onelogin-password",
        SecretKind.OneLoginClientSecret => "onelogin-client-secret",
        SecretKind.AwsAccessKey => "aws-access-key",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static SecretKind? Parse(string? name) => name switch
    {
        "onelogin-password" => SecretKind.OneLoginPassword,
        "onelogin-client-secret" => SecretKind.OneLoginClientSecret,
        "aws-access-key" => SecretKind.AwsAccessKey,
        _ => null,
    };

    /// <summary>What a person calls it, in messages.</summary>
    public static string Describe(SecretKind? kind) => kind switch
    {
        SecretKind.OneLoginPassword => "OneLogin password",
        SecretKind.OneLoginClientSecret => "OneLogin API client secret",
        SecretKind.AwsAccessKey => "AWS access key",
        _ => "secret",
    };
}
