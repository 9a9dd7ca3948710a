namespace SamlAssume.Aws;

/// <summary>
/// The keys of a profile that hold temporary credentials, as samlassume and awscli_bastion write them (and as
/// botocore reads them: aws_security_token is the older name of the session token). Everything else in a profile —
/// role_arn, source_profile, mfa_serial, region of a role profile — is the user's configuration.
/// </summary>
public static class TemporaryCredentialKeys
{
    public static readonly string[] Keys =
        ["aws_access_key_id", "aws_secret_access_key", "aws_session_token", "aws_security_token", "aws_session_expiration", "x_security_token_expires"];

    /// <summary>What samlassume writes besides the credentials (CredentialsProfile): a profile of only these is ours.</summary>
    private static readonly string[] WrittenAlongside = ["region"];

    /// <summary>Whether the profile holds temporary credentials (a session token).</summary>
    public static bool Holds(IReadOnlyDictionary<string, string> values) => values.ContainsKey("aws_session_token") || values.ContainsKey("aws_security_token");

    /// <summary>Whether the profile holds nothing but temporary credentials (and the region written with them): removed whole.</summary>
    public static bool OnlyThese(IReadOnlyDictionary<string, string> values) =>
        values.Keys.All(k => Keys.Contains(k, StringComparer.OrdinalIgnoreCase) || WrittenAlongside.Contains(k, StringComparer.OrdinalIgnoreCase));
}
