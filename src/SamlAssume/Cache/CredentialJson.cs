using System.Text;

namespace SamlAssume.Cache;

/// <summary>
/// The two JSON documents on the cached credential_process path — the cache file read and the answer written —
/// without System.Text.Json. Why: a process that runs once per AWS command pays every first use, and System.Text.Json's
/// first use is not ReadyToRun-cheap: even source-generated metadata made the runtime JIT ~130 generic
/// instantiations (35 ms), and a bare <c>Utf8JsonReader</c>/<c>Utf8JsonWriter</c> still JITs the vectorised
/// search and escaping paths they use (~17 ms), each more than half of starting .NET itself (docs/PERFORMANCE.md,
/// "credential_process from the cache"). Both documents are flat objects of strings and one number, so a small
/// strict reader and writer do. The cache file is still written by <see cref="CacheJsonContext"/>, and tests hold
/// both sides to the same format (CredentialJsonTests). Anything this reader does not understand is a cache miss,
/// never a guess.
/// </summary>
public static class CredentialJson
{
    /// <summary>
    /// A cache file as <see cref="CachedCredentials"/>, or null if it is not one: malformed JSON, a missing or null
    /// key/secret/token/expiration, another <see cref="CachedCredentials.Version"/>. Unknown flat fields are skipped,
    /// so a newer writer's additions do not turn a hit into a miss; a nested value is not ours, so it is a miss.
    /// </summary>
    public static CachedCredentials? ReadCached(ReadOnlySpan<byte> json)
    {
        try
        {
            return Read(json);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static CachedCredentials? Read(ReadOnlySpan<byte> json)
    {
        var scanner = new FlatObjectScanner(json);
        var version = CachedCredentials.CurrentVersion;
        string? accessKeyId = null, secretAccessKey = null, sessionToken = null, expiration = null, roleArn = null, region = null, issued = null, settings = null, inputs = null;
        if (!scanner.Begin()) return null;
        while (scanner.NextMember(out var name, out var value, out var isNumber))
        {
            switch (name)
            {
                case "Version": if (!isNumber || !int.TryParse(value, out version)) return null; break;
                case "AccessKeyId": accessKeyId = value; break;
                case "SecretAccessKey": secretAccessKey = value; break;
                case "SessionToken": sessionToken = value; break;
                case "Expiration": expiration = value; break;
                case "AssumedRoleArn": roleArn = value; break;
                case "Region": region = value; break;
                case "Issued": issued = value; break;
                case "Settings": settings = value; break;
                case "Inputs": inputs = value; break;
            }
        }
        if (!scanner.Ended) return null;
        if (version != CachedCredentials.CurrentVersion || accessKeyId is null || secretAccessKey is null || sessionToken is null || expiration is null) return null;
        if (!UtcSeconds.TryParse(expiration, out var expires)) return null;
        // An unreadable Issued only loses the short-session rule; it does not make the credentials unusable.
        DateTimeOffset? issuedAt = issued is not null && UtcSeconds.TryParse(issued, out var parsedIssued) ? parsedIssued : null;
        return new CachedCredentials
        {
            Version = version,
            AccessKeyId = accessKeyId,
            SecretAccessKey = secretAccessKey,
            SessionToken = sessionToken,
            Expiration = expires,
            AssumedRoleArn = roleArn,
            Region = region,
            Issued = issuedAt,
            Settings = settings,
            Inputs = inputs,
        };
    }

    /// <summary>The credential_process answer, one line: exactly the fields and order of <see cref="CredentialProcessOutput"/>.</summary>
    public static byte[] ProcessOutputLine(CachedCredentials credentials)
    {
        var text = new StringBuilder(1024);
        text.Append("{\"Version\":1,\"AccessKeyId\":");
        AppendString(text, credentials.AccessKeyId);
        text.Append(",\"SecretAccessKey\":");
        AppendString(text, credentials.SecretAccessKey);
        text.Append(",\"SessionToken\":");
        AppendString(text, credentials.SessionToken);
        text.Append(",\"Expiration\":");
        AppendString(text, UtcSeconds.Format(credentials.Expiration));
        text.Append("}\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    // Printable ASCII other than '"' and '\' as is; everything else as \uXXXX (valid JSON, readable by any parser).
    private static void AppendString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            if (c is >= ' ' and <= '~' and not '"' and not '\\') text.Append(c);
            else text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
        }
        text.Append('"');
    }

    /// <summary>
    /// Reads one JSON object whose member values are strings, numbers, true, false or null (RFC 8259 syntax, all
    /// string escapes); anything else — a nested value, trailing text, a bad escape — stops it with <see cref="Ended"/> false.
    /// </summary>
    private ref struct FlatObjectScanner(ReadOnlySpan<byte> json)
    {
        private readonly ReadOnlySpan<byte> _json = json;
        private int _at;
        private bool _first = true;

        /// <summary>True once the closing brace and nothing but whitespace after it were read.</summary>
        public bool Ended { get; private set; }

        public bool Begin()
        {
            // A UTF-8 byte order mark is not JSON, but some editors add one.
            if (_json.StartsWith("\uFEFF"u8)) _at = 3;
            SkipSpace();
            return Take((byte)'{');
        }

        /// <summary>The next member; false at the end of the object (then <see cref="Ended"/> says whether it was well formed).</summary>
        public bool NextMember(out string name, out string? value, out bool isNumber)
        {
            name = "";
            value = null;
            isNumber = false;
            SkipSpace();
            if (Take((byte)'}'))
            {
                SkipSpace();
                Ended = _at == _json.Length;
                return false;
            }
            if (!_first && !Take((byte)',')) return false;
            _first = false;
            SkipSpace();
            if (ReadString() is not { } memberName) return false;
            SkipSpace();
            if (!Take((byte)':')) return false;
            SkipSpace();
            name = memberName;
            if (_at >= _json.Length) return false;
            switch (_json[_at])
            {
                case (byte)'"':
                    value = ReadString();
                    return value is not null;
                case (byte)'n': return TakeWord("null"u8);
                case (byte)'t': return TakeWord("true"u8);
                case (byte)'f': return TakeWord("false"u8);
                case (byte)'-' or (>= (byte)'0' and <= (byte)'9'):
                    var start = _at;
                    while (_at < _json.Length && _json[_at] is (byte)'-' or (byte)'+' or (byte)'.' or (byte)'e' or (byte)'E' or (>= (byte)'0' and <= (byte)'9')) _at++;
                    value = Encoding.ASCII.GetString(_json[start.._at]);
                    isNumber = true;
                    return true;
                default:
                    return false;
            }
        }

        private string? ReadString()
        {
            if (!Take((byte)'"')) return null;
            var start = _at;
            // The common case: no escapes, so the bytes are the string.
            while (_at < _json.Length && _json[_at] is not (byte)'"' and not (byte)'\\' and >= 0x20) _at++;
            if (_at < _json.Length && _json[_at] == '"')
            {
                return Decode(_json[start.._at++]);
            }
            var text = new StringBuilder(Decode(_json[start.._at]));
            while (_at < _json.Length)
            {
                var b = _json[_at++];
                if (b == '"') return text.ToString();
                if (b < 0x20) return null;
                if (b != '\\')
                {
                    var run = _at - 1;
                    while (_at < _json.Length && _json[_at] is not (byte)'"' and not (byte)'\\' and >= 0x20) _at++;
                    text.Append(Decode(_json[run.._at]));
                    continue;
                }
                if (_at >= _json.Length) return null;
                switch (_json[_at++])
                {
                    case (byte)'"': text.Append('"'); break;
                    case (byte)'\\': text.Append('\\'); break;
                    case (byte)'/': text.Append('/'); break;
                    case (byte)'b': text.Append('\b'); break;
                    case (byte)'f': text.Append('\f'); break;
                    case (byte)'n': text.Append('\n'); break;
                    case (byte)'r': text.Append('\r'); break;
                    case (byte)'t': text.Append('\t'); break;
                    case (byte)'u':
                        if (_at + 4 > _json.Length || !ushort.TryParse(_json.Slice(_at, 4), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var unit)) return null;
                        text.Append((char)unit);
                        _at += 4;
                        break;
                    default: return null;
                }
            }
            return null;
        }

        // Strict UTF-8: an invalid sequence throws (a miss) rather than reading as something else.
        private static string Decode(ReadOnlySpan<byte> bytes) => StrictUtf8.GetString(bytes);

        private bool TakeWord(ReadOnlySpan<byte> word)
        {
            if (!_json[_at..].StartsWith(word)) return false;
            _at += word.Length;
            return true;
        }

        private bool Take(byte expected)
        {
            if (_at >= _json.Length || _json[_at] != expected) return false;
            _at++;
            return true;
        }

        private void SkipSpace()
        {
            while (_at < _json.Length && _json[_at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r') _at++;
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}
