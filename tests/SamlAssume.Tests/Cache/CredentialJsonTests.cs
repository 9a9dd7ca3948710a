using System.Text;
using System.Text.Json;
using SamlAssume.Cache;

namespace SamlAssume.Tests.Cache;

/// <summary>
/// The hand-written reader and writer of the cached credential_process path (CredentialJson) against the
/// source-generated serializer that writes the cache file: same values in, same values out, and a miss for
/// anything that is not a cache file.
/// </summary>
public sealed class CredentialJsonTests
{
    private static CachedCredentials Sample(string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", string token = "FwoGZXIvYXdzEJr//////////wEaDM+tok=") => new()
    {
        AccessKeyId = "ASIAIOSFODNN7EXAMPLE",
        SecretAccessKey = secret,
        SessionToken = token,
        Expiration = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero),
        AssumedRoleArn = "arn:aws:sts::111111111111:assumed-role/ReadOnly/jane@example.com",
        Region = "eu-west-1",
    };

    public static TheoryData<string> Awkward => new()
    {
        "plain",
        "with \"quotes\" and \\backslashes\\ and /slashes/",
        "html <&> and ' and + and = and `",
        "control \n\r\t\b\f\u0001 characters",
        "unicode é ü 日本 and 😀 (a surrogate pair) and \u2028",
        "",
    };

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Reads_exactly_what_the_cache_writer_wrote(string awkward)
    {
        var written = Sample(secret: awkward, token: awkward + awkward) with { Region = awkward };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(written, CacheJsonContext.Default.CachedCredentials);

        Assert.Equal(written, CredentialJson.ReadCached(bytes));
    }

    [Fact]
    public void Reads_the_issue_time_and_treats_a_missing_or_unreadable_one_as_unknown()
    {
        var issued = Sample() with { Issued = new DateTimeOffset(2030, 1, 2, 2, 4, 5, TimeSpan.Zero) };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(issued, CacheJsonContext.Default.CachedCredentials);
        var withoutIssued = Encoding.UTF8.GetString(JsonSerializer.SerializeToUtf8Bytes(Sample(), CacheJsonContext.Default.CachedCredentials))
            .Replace(",\"Issued\":null", "", StringComparison.Ordinal);
        var unreadable = Encoding.UTF8.GetString(bytes).Replace("2030-01-02T02:04:05Z", "yesterday", StringComparison.Ordinal);

        Assert.Equal(issued, CredentialJson.ReadCached(bytes));
        Assert.Equal(Sample(), CredentialJson.ReadCached(Encoding.UTF8.GetBytes(withoutIssued)));
        Assert.DoesNotContain("Issued", withoutIssued);
        Assert.Equal(Sample(), CredentialJson.ReadCached(Encoding.UTF8.GetBytes(unreadable)));
    }

    [Theory]
    [MemberData(nameof(Awkward))]
    public void Writes_the_same_credential_process_json_as_the_serializer(string awkward)
    {
        var credentials = Sample(secret: awkward, token: "t" + awkward);
        var line = Encoding.UTF8.GetString(CredentialJson.ProcessOutputLine(credentials));
        var serialized = JsonSerializer.Serialize(CredentialProcessOutput.From(credentials), CacheJsonContext.Default.CredentialProcessOutput);

        Assert.EndsWith("}\n", line);
        Assert.DoesNotContain('\n', line.TrimEnd('\n'));
        using var ours = JsonDocument.Parse(line);
        using var theirs = JsonDocument.Parse(serialized);
        Assert.Equal(Members(theirs), Members(ours));
        Assert.Equal(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"], Members(ours).Select(m => m.Name));
        // And back: what we print is read as the same credentials by a real JSON parser.
        var back = JsonSerializer.Deserialize(line, CacheJsonContext.Default.CredentialProcessOutput)!;
        Assert.Equal(CredentialProcessOutput.From(credentials), back);
    }

    [Fact]
    public void Pretty_printed_reordered_and_with_unknown_fields_is_still_read()
    {
        var json = """
            {
              "Future": "field", "Count": -1.5e3, "Flag": true, "Nothing": null,
              "Expiration": "2030-01-02T03:04:05Z",
              "SessionToken": "FwoGZXIvYXdzEJr\/\/\/\/\/\/\/\/\/\/wEaDM\u002Btok=",
              "SecretAccessKey" : "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
              "AccessKeyId":"ASIAIOSFODNN7EXAMPLE", "Version": 1,
              "AssumedRoleArn": "arn:aws:sts::111111111111:assumed-role/ReadOnly/jane@example.com", "Region": "eu-west-1"
            }

            """;

        Assert.Equal(Sample(), CredentialJson.ReadCached(Encoding.UTF8.GetBytes(json)));
    }

    public static TheoryData<string> NotACacheFile => new()
    {
        "",
        "   ",
        "[]",
        "null",
        "{\"Version\":1,\"AccessKeyId\":",
        "{\"Version\":2,\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"Version\":\"1\",\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\"}",
        "{\"AccessKeyId\":null,\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"soon\"}",
        "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"} trailing",
        "{\"AccessKeyId\":\"A\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\",\"Nested\":{}}",
        "{\"AccessKeyId\":\"A\" \"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"AccessKeyId\":\"A\\q\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"AccessKeyId\":\"A\\u00\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
        "{\"AccessKeyId\":\"A\nB\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}",
    };

    [Theory]
    [MemberData(nameof(NotACacheFile))]
    public void Anything_else_is_a_miss(string json) =>
        Assert.Null(CredentialJson.ReadCached(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Invalid_utf8_is_a_miss()
    {
        var bytes = Encoding.UTF8.GetBytes("{\"AccessKeyId\":\"AX\",\"SecretAccessKey\":\"s\",\"SessionToken\":\"t\",\"Expiration\":\"2030-01-01T00:00:00Z\"}");
        bytes[17] = 0xC3; // a lead byte with no continuation where 'X' was
        Assert.Null(CredentialJson.ReadCached(bytes));
    }

    private static List<(string Name, string Value)> Members(JsonDocument document) =>
        document.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.ToString())).ToList();
}

/// <summary>UtcSeconds' own-form fast paths agree with the culture-aware formatter and parser they stand in for.</summary>
public sealed class UtcSecondsTests
{
    [Fact]
    public void Formats_and_parses_like_the_general_formatter_across_years_and_offsets()
    {
        var random = new Random(7);
        for (var i = 0; i < 2000; i++)
        {
            var instant = new DateTimeOffset(new DateTime(1, 1, 1).AddSeconds(random.NextDouble() * 315_537_897_599), TimeSpan.Zero)
                .ToOffset(TimeSpan.FromMinutes(random.Next(-14 * 60, 14 * 60)));
            var expected = instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

            Assert.Equal(expected, UtcSeconds.Format(instant));
            Assert.True(UtcSeconds.TryParse(expected, out var parsed));
            Assert.Equal(UtcSeconds.Parse(expected), parsed);
            Assert.Equal(TimeSpan.Zero, parsed.Offset);
        }
    }

    [Theory]
    [InlineData("2030-01-02T03:04:05+01:00", "2030-01-02T02:04:05Z")]
    [InlineData("2030-01-02T03:04:05.123Z", "2030-01-02T03:04:05Z")]
    [InlineData("2030-01-02 03:04:05", "2030-01-02T03:04:05Z")]
    public void Other_iso_forms_still_parse(string text, string expected)
    {
        Assert.True(UtcSeconds.TryParse(text, out var parsed));
        Assert.Equal(expected, UtcSeconds.Format(parsed));
    }

    [Theory]
    [InlineData("2030-02-30T00:00:00Z")]
    [InlineData("2030-13-01T00:00:00Z")]
    [InlineData("2030-01-01T24:00:00Z")]
    [InlineData("soon")]
    [InlineData("")]
    public void Impossible_dates_do_not_parse(string text) => Assert.False(UtcSeconds.TryParse(text, out _));
}
