using System.Globalization;
using SamlAssume.Cache;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// <c>assume-role --from-env</c>: the credentials a CI job or an earlier export left in the environment
/// (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN or the older AWS_SECURITY_TOKEN, as botocore reads
/// them), used as they are to sign AssumeRole — aws-sts-helpers' <c>--access-key/--token</c>. Their end is
/// AWS_CREDENTIAL_EXPIRATION when set; otherwise unknown, and taken as one hour from now.
/// </summary>
public static class EnvironmentCredentials
{
    public static CachedCredentials Read(ProcessEnvironment environment, DateTimeOffset now)
    {
        var keyId = environment["AWS_ACCESS_KEY_ID"];
        var secret = environment["AWS_SECRET_ACCESS_KEY"];
        if (keyId is null || secret is null)
            throw new InvalidInput("--from-env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set in the environment");
        var expiration = DateTimeOffset.TryParse(environment["AWS_CREDENTIAL_EXPIRATION"], CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var end) ? end : now.AddHours(1);
        return new CachedCredentials
        {
            AccessKeyId = keyId.Trim(), SecretAccessKey = secret.Trim(),
            SessionToken = (environment["AWS_SESSION_TOKEN"] ?? environment["AWS_SECURITY_TOKEN"] ?? "").Trim(),
            Expiration = expiration,
        };
    }
}
