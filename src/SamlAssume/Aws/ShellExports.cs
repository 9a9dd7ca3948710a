using System.Text;

namespace SamlAssume.Aws;

/// <summary>
/// The credentials as shell <c>export</c> lines, for <c>eval "$(samlassume …)"</c>. Values are single-quoted so a
/// <c>/</c>, <c>+</c> or <c>=</c> in a token cannot be read as shell syntax.
/// </summary>
public static class ShellExports
{
    public static IReadOnlyList<KeyValuePair<string, string>> Variables(TemporaryCredentials credentials, string? region)
    {
        var variables = new List<KeyValuePair<string, string>>
        {
            new("AWS_ACCESS_KEY_ID", credentials.AccessKeyId),
            new("AWS_SECRET_ACCESS_KEY", credentials.SecretAccessKey),
            new("AWS_SESSION_TOKEN", credentials.SessionToken),
            // Older SDKs (boto 2) read only this name.
            new("AWS_SECURITY_TOKEN", credentials.SessionToken),
            new("AWS_SESSION_EXPIRATION", credentials.ExpirationText),
            new("AWS_CREDENTIAL_EXPIRATION", credentials.ExpirationText),
        };
        if (region is not null)
        {
            variables.Add(new("AWS_REGION", region));
            variables.Add(new("AWS_DEFAULT_REGION", region));
        }
        return variables;
    }

    public static string Format(TemporaryCredentials credentials, string? region)
    {
        var text = new StringBuilder();
        foreach (var (name, value) in Variables(credentials, region))
        {
            text.Append("export ").Append(name).Append('=').Append(Quote(value)).Append('\n');
        }
        return text.ToString();
    }

    public static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
