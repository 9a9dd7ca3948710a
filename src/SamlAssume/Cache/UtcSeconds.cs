using System.Globalization;

namespace SamlAssume.Cache;

/// <summary>
/// "2026-11-22T03:43:59Z": UTC, whole seconds, the form botocore and the AWS CLI parse everywhere. Kept apart from
/// <see cref="UtcSecondsConverter"/> so the cached credential_process path can use it without loading System.Text.Json.
/// </summary>
public static class UtcSeconds
{
    private const DateTimeStyles Utc = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;

    /// <summary>Written digit by digit: the same text as the "yyyy-MM-dd'T'HH:mm:ss'Z'" format, without the formatter's first-use cost.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        return string.Create(20, utc, static (text, t) =>
        {
            Put(text, 0, t.Year, 4); text[4] = '-'; Put(text, 5, t.Month, 2); text[7] = '-'; Put(text, 8, t.Day, 2);
            text[10] = 'T'; Put(text, 11, t.Hour, 2); text[13] = ':'; Put(text, 14, t.Minute, 2); text[16] = ':'; Put(text, 17, t.Second, 2);
            text[19] = 'Z';
        });
    }

    private static void Put(Span<char> text, int start, int value, int digits)
    {
        for (var i = start + digits - 1; i >= start; i--, value /= 10) text[i] = (char)('0' + value % 10);
    }

    public static DateTimeOffset Parse(string value) => DateTimeOffset.Parse(value, CultureInfo.InvariantCulture, Utc);

    /// <summary>
    /// Our own form read directly (the cached credential_process path runs once per AWS command, and the culture-aware
    /// parser's first use costs milliseconds there); any other ISO 8601 form through <see cref="DateTimeOffset.TryParse(string, IFormatProvider, DateTimeStyles, out DateTimeOffset)"/>.
    /// </summary>
    public static bool TryParse(string value, out DateTimeOffset result) =>
        TryParseOwnForm(value, out result) || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, Utc, out result);

    // "yyyy-MM-ddTHH:mm:ssZ", exactly 20 characters; anything else (or an impossible date) is left to the general parser.
    private static bool TryParseOwnForm(string value, out DateTimeOffset result)
    {
        result = default;
        if (value.Length != 20 || value[4] != '-' || value[7] != '-' || value[10] != 'T' || value[13] != ':' || value[16] != ':' || value[19] != 'Z') return false;
        if (!Digits(value, 0, 4, out var year) || !Digits(value, 5, 2, out var month) || !Digits(value, 8, 2, out var day)
            || !Digits(value, 11, 2, out var hour) || !Digits(value, 14, 2, out var minute) || !Digits(value, 17, 2, out var second)) return false;
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return false;
        result = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }

    private static bool Digits(string text, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(text[i])) return false;
            value = value * 10 + (text[i] - '0');
        }
        return true;
    }
}
