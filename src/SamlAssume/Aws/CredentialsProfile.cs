namespace SamlAssume.Aws;

/// <summary>The keys written into a credentials-file profile, in the Python tool's order and names.</summary>
public static class CredentialsProfile
{
    public static IReadOnlyList<KeyValuePair<string, string>> Keys(TemporaryCredentials credentials, string? region)
    {
        var keys = new List<KeyValuePair<string, string>>
        {
            new("aws_access_key_id", credentials.AccessKeyId),
            new("aws_secret_access_key", credentials.SecretAccessKey),
            new("aws_session_token", credentials.SessionToken),
            // botocore reads aws_security_token before aws_session_token: both must hold the new token, or a stale
            // one left by another tool would win.
            new("aws_security_token", credentials.SessionToken),
            new("aws_session_expiration", credentials.ExpirationText),
        };
        if (region is not null) keys.Add(new("region", region));
        return keys;
    }
}
