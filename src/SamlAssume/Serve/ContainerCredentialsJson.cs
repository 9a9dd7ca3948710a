using System.Buffers;
using System.Text.Json;
using SamlAssume.Cache;

namespace SamlAssume.Serve;

/// <summary>
/// The container credential provider's answer: <c>AccessKeyId</c>, <c>SecretAccessKey</c>, <c>Token</c> (not
/// SessionToken) and an ISO 8601 <c>Expiration</c>, from which SDKs decide when to ask again.
/// </summary>
public static class ContainerCredentialsJson
{
    // The default encoder writes a token's '+' as \u002B: valid, but unlike what AWS sends. Nothing here is read as HTML.
    private static readonly JsonWriterOptions Options = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(CachedCredentials credentials)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer, Options))
        {
            json.WriteStartObject();
            json.WriteString("AccessKeyId", credentials.AccessKeyId);
            json.WriteString("SecretAccessKey", credentials.SecretAccessKey);
            json.WriteString("Token", credentials.SessionToken);
            json.WriteString("Expiration", UtcSeconds.Format(credentials.Expiration));
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
