using System.Globalization;

namespace SamlAssume.Cache;

/// <summary>
/// "2026-11-22T03:43:59Z": UTC, whole seconds, the form botocore and the AWS CLI parse everywhere. Kept apart from
/// <see cref="UtcSecondsConverter"/> so the cached credential_process path can use it without loading System.Text.Json.
/// </summary>
public static class UtcSeconds
{
    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    public static string Format(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, Utc);

    public static bool TryParse(string value, out DateTimeOffset result) => DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, Utc, out result);
}
