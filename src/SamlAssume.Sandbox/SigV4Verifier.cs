using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// Checks an AWS Signature Version 4 Authorization header against the secret STS issued
/// (docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html). Independent of any AWS SDK: the
/// sandbox recomputes the canonical request from what arrived on the wire.
/// </summary>
internal static class SigV4Verifier
{
    private const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>Returns the matching issued credential, or throws the STS error AWS would send.</summary>
    public static IssuedCredential Verify(HttpRequest request, string rawTarget, byte[] body, SandboxState state, string service = "sts")
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header)) throw new StsRejection(StsError.MissingAuthenticationToken());
        if (!header.StartsWith(Algorithm + " ", StringComparison.Ordinal))
            throw new StsRejection(new StsError(400, "IncompleteSignature", $"Unsupported signing algorithm in Authorization header: {header.Split(' ')[0]}"));

        var parts = header[(Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        if (!parts.TryGetValue("Credential", out var credentialText) ||
            !parts.TryGetValue("SignedHeaders", out var signedHeadersText) ||
            !parts.TryGetValue("Signature", out var signature))
            throw new StsRejection(new StsError(400, "IncompleteSignature", "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters."));

        var scope = credentialText.Split('/');
        if (scope.Length != 5 || scope[3] != service || scope[4] != "aws4_request")
            throw new StsRejection(new StsError(400, "IncompleteSignature", $"Credential should be scoped to a valid region and service '{service}': {credentialText}"));
        var (accessKeyId, date, region) = (scope[0], scope[1], scope[2]);

        var issued = state.Credentials.Find(accessKeyId);
        var token = request.Headers["X-Amz-Security-Token"].ToString();
        if (issued is null || !FixedEquals(issued.SessionToken, token))
            throw new StsRejection(StsError.InvalidClientTokenId());

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (amzDate.Length == 0 || !amzDate.StartsWith(date, StringComparison.Ordinal))
            throw new StsRejection(StsError.SignatureDoesNotMatch());

        var signedHeaders = signedHeadersText.Split(';');
        if (!signedHeaders.Contains("host")) throw new StsRejection(StsError.SignatureDoesNotMatch());
        var canonicalRequest = CanonicalRequest(request, rawTarget, signedHeaders, signedHeadersText, body);
        var stringToSign = string.Join('\n',
            Algorithm, amzDate, $"{date}/{region}/{service}/aws4_request", Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest))));

        var key = Hmac(Encoding.UTF8.GetBytes("AWS4" + issued.SecretAccessKey), date);
        key = Hmac(key, region);
        key = Hmac(key, service);
        key = Hmac(key, "aws4_request");
        var expected = Hex(Hmac(key, stringToSign));
        if (!FixedEquals(expected, signature)) throw new StsRejection(StsError.SignatureDoesNotMatch());

        // Checked after the signature, as AWS does: only the key holder learns that it expired.
        if (state.Clock.GetUtcNow() >= issued.Expiration) throw new StsRejection(StsError.ExpiredToken());
        return issued;
    }

    internal static string CanonicalRequest(HttpRequest request, string rawTarget, string[] signedHeaders, string signedHeadersText, byte[] body)
    {
        var queryStart = rawTarget.IndexOf('?');
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];

        var canonicalHeaders = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var values = request.Headers[name].Select(v => CollapseSpaces(v ?? ""));
            canonicalHeaders.Append(name).Append(':').Append(string.Join(',', values)).Append('\n');
        }

        return string.Join('\n',
            request.Method,
            CanonicalPath(path),
            CanonicalQuery(query),
            canonicalHeaders.ToString(),
            signedHeadersText,
            Hex(SHA256.HashData(body)));
    }

    /// <summary>Non-S3 services encode each path segment once more on top of the wire encoding.</summary>
    private static string CanonicalPath(string path)
    {
        if (path.Length == 0) return "/";
        return string.Join('/', path.Split('/').Select(segment => Uri.EscapeDataString(segment)));
    }

    private static string CanonicalQuery(string query)
    {
        if (query.Length == 0) return "";
        return string.Join('&', query.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=');
                var name = eq < 0 ? pair : pair[..eq];
                var value = eq < 0 ? "" : pair[(eq + 1)..];
                return (Name: Encode(Uri.UnescapeDataString(name.Replace('+', ' '))), Value: Encode(Uri.UnescapeDataString(value.Replace('+', ' '))));
            })
            .OrderBy(p => p.Name, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Name + "=" + p.Value));
    }

    private static string Encode(string text) => Uri.EscapeDataString(text);

    private static string CollapseSpaces(string value)
    {
        var builder = new StringBuilder(value.Length);
        var previousSpace = false;
        foreach (var c in value.Trim())
        {
            var space = c == ' ';
            if (space && previousSpace) continue;
            builder.Append(c);
            previousSpace = space;
        }
        return builder.ToString();
    }

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    internal static bool FixedEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}
