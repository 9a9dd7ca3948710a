using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using SamlAssume.IdP.OneLogin;

namespace SamlAssume.Benchmarks;

/// <summary>
/// OneLogin's answers through the source-generated <c>OneLoginJsonContext</c>, the way the client reads them: the
/// envelope first, then the payload from its <c>data</c> (v1) or the body itself (v2). Shapes follow OneLogin's
/// API docs (/work/shared/REFERENCE.md); the assertion answer carries a 1,000-role SAMLResponse (~0.5 MB of base64).
/// </summary>
[MemoryDiagnoser]
public class OneLoginJsonBenchmarks
{
    private static readonly byte[] TokenV2 = Encoding.UTF8.GetBytes(
        """{"access_token":"xx508xx63817x752xx74004x30705xx92x58349x5x78f5xx34xxxxx51","created_at":"2026-11-22T03:00:00.000Z","expires_in":36000,"refresh_token":"628x9x0xx447xx4x421x517x4x474x33x2065x4x1xx523xxxxx6x7x20","token_type":"bearer","account_id":555555}""");

    private static readonly byte[] MfaV2 = Encoding.UTF8.GetBytes(
        """{"state_token":"5xxx604x8xx9x694xx860173xxx3x78x3x870x56","message":"MFA is required for this user","devices":[{"device_id":666666,"device_type":"Google Authenticator"},{"device_id":777777,"device_type":"OneLogin Protect"},{"device_id":888888,"device_type":"Duo Duo Security"}],"callback_url":"https://api.us.onelogin.com/api/2/saml_assertion/verify_factor","user":{"email":"jane@example.com","username":"jane","firstname":"Jane","lastname":"Doe","id":88888888}}""");

    private static readonly byte[] MfaV1 = Encoding.UTF8.GetBytes(
        """{"status":{"error":false,"code":200,"type":"success","message":"MFA is required for this user"},"data":[{"state_token":"5xxx604x8xx9x694xx860173xxx3x78x3x870x56","devices":[{"device_id":666666,"device_type":"Google Authenticator"}],"callback_url":"https://api.us.onelogin.com/api/1/saml_assertion/verify_factor","user":{"lastname":"Doe","username":"jane","email":"jane@example.com","firstname":"Jane","id":88888888}}]}""");

    private byte[] assertionV2 = [];

    [GlobalSetup]
    public void Setup() =>
        assertionV2 = Encoding.UTF8.GetBytes($$"""{"data":"{{SamlReaderBenchmarks.UnsignedResponse(1000)}}","message":"Success"}""");

    [Benchmark]
    public string? Token() => JsonSerializer.Deserialize(TokenV2, OneLoginJsonContext.Default.TokenPayload)?.AccessToken;

    [Benchmark]
    public int MfaRequiredV2()
    {
        var envelope = JsonSerializer.Deserialize(MfaV2, OneLoginJsonContext.Default.OneLoginEnvelope)!;
        return JsonSerializer.Deserialize(MfaV2, OneLoginJsonContext.Default.MfaChallengePayload)!.Devices!.Count + envelope.Message.GetString()!.Length;
    }

    [Benchmark]
    public int MfaRequiredV1()
    {
        var envelope = JsonSerializer.Deserialize(MfaV1, OneLoginJsonContext.Default.OneLoginEnvelope)!;
        return envelope.Data[0].Deserialize(OneLoginJsonContext.Default.MfaChallengePayload)!.Devices!.Count;
    }

    [Benchmark]
    public int Assertion1000Roles() =>
        JsonSerializer.Deserialize(assertionV2, OneLoginJsonContext.Default.OneLoginEnvelope)!.Data.GetString()!.Length;
}
