namespace SamlAssume.Keyring;

/// <summary>
/// How a login uses the keyring for the OneLogin password: OneLogin's <c>--keychain-service</c> and
/// <c>--keychain-account</c> name the item (and, like <c>--save-password</c>, store a password that worked without
/// asking); with none of them a stored password is still used, and one typed at a terminal is offered.
/// </summary>
public sealed record KeychainOptions(string? Service, string? Account, bool SavePassword)
{
    public static readonly KeychainOptions Default = new(null, null, false);

    /// <summary>The user asked for the keyring, so a missing or locked one is worth a warning.</summary>
    public bool Requested => Service is not null || Account is not null || SavePassword;
}
