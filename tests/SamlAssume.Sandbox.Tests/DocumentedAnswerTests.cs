using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using SamlAssume.OneLoginDocs;
using static SamlAssume.OneLoginDocs.OneLoginDocumentedAnswers;

namespace SamlAssume.Sandbox.Tests;

/// <summary>
/// The sandbox against OneLogin's documented answers (tests/OneLoginDocs, the same ones the client's WireMock contract
/// tests use): for each case the sandbox can produce, the same HTTP status, the same JSON members at every level,
/// the same kinds of values, and the same words where OneLogin's words matter (message, name, type, codes).
/// </summary>
public sealed class DocumentedAnswerTests
{
    /// <summary>Members whose values must match the docs, not just their kind (the rest are tokens, ids, names).</summary>
    private static readonly HashSet<string> Verbatim = ["message", "name", "type", "statusCode", "code", "error", "token_type"];

    public static TheoryData<string> Cases() => [.. Scenarios.Keys];

    private static readonly Dictionary<string, (DocumentedAnswer Documented, Func<SandboxServer, SandboxCalls, Task<(int, JsonObject)>> Produce)> Scenarios = new()
    {
        ["token"] = (Token, (_, calls) => TokenCallAsync(calls, "sandbox-client-secret", "client_credentials")),
        ["token, wrong client secret"] = (TokenBadClient, (_, calls) => TokenCallAsync(calls, "wrong", "client_credentials")),
        ["token, wrong grant_type"] = (TokenBadGrantType, (_, calls) => TokenCallAsync(calls, "sandbox-client-secret", "password")),
        ["assertion v2"] = (AssertionV2, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "demo-password", 2)),
        ["assertion v1"] = (AssertionV1, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "demo-password", 1)),
        ["MFA required v2"] = (MfaRequiredV2, (_, calls) => calls.SamlAssertionAsync("otp@example.com", "otp-password", 2)),
        ["MFA required v1"] = (MfaRequiredV1, (_, calls) => calls.SamlAssertionAsync("otp@example.com", "otp-password", 1)),
        ["wrong password v2"] = (WrongPasswordV2, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "wrong", 2)),
        ["wrong password v1"] = (WrongPasswordV1, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "wrong", 1)),
        ["unknown app v2"] = (WrongAppV2, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "demo-password", 2, appId: "999")),
        ["empty password v2"] = (PasswordEmptyV2, (_, calls) => calls.SamlAssertionAsync("demo@example.com", "", 2)),
        ["factor verified v2"] = (FactorVerifiedV2, async (sandbox, calls) =>
        {
            var state = await StateTokenAsync(calls, "otp@example.com", "otp-password");
            return await calls.VerifyAsync(state, 5001, otp: Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow));
        }),
        ["push pending v2"] = (FactorPendingV2, async (_, calls) =>
            await calls.VerifyAsync(await StateTokenAsync(calls, "push-never@example.com", "push-never-password"), 7002)),
        ["push pending v1"] = (FactorPendingV1, async (_, calls) =>
            await calls.VerifyAsync(await StateTokenAsync(calls, "push-never@example.com", "push-never-password", 1), 7002, version: 1)),
        ["factor denied v2"] = (FactorDeniedV2, async (_, calls) =>
            await calls.VerifyAsync(await StateTokenAsync(calls, "otp@example.com", "otp-password"), 5001, otp: WrongCode("JBSWY3DPEHPK3PXP"))),
        ["state token expired v2"] = (StateTokenExpiredV2, (_, calls) => calls.VerifyAsync("no-such-state-token", 5001, otp: "123456")),
        ["OTP blank v2"] = (OtpBlankV2, async (_, calls) =>
            await calls.VerifyAsync(await StateTokenAsync(calls, "otp@example.com", "otp-password"), 5001)),
        ["enrolled factors v1"] = (EnrolledFactorsV1, (_, calls) => calls.GetAsync("api/1/users/1006/otp_devices")),
        ["rate limited v2"] = (RateLimited, (sandbox, calls) =>
        {
            sandbox.Faults.Add(SandboxEndpoints.SamlAssertion, new SandboxFault(429) { RetryAfter = TimeSpan.FromSeconds(7) });
            return calls.SamlAssertionAsync("demo@example.com", "demo-password", 2);
        }),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task The_sandbox_answers_as_OneLogin_documents(string scenario)
    {
        var (documented, produce) = Scenarios[scenario];
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);

        var (status, body) = await produce(sandbox, calls);

        Assert.True(documented.Status == status, $"{scenario}: HTTP {status}, documented {documented}");
        AssertSameShape(JsonNode.Parse(documented.Body)!, body, "$");
    }

    [Fact]
    public async Task A_429_carries_the_documented_rate_limit_headers()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        sandbox.Faults.Add(SandboxEndpoints.SamlAssertion, new SandboxFault(429) { RetryAfter = TimeSpan.FromSeconds(7) });
        var token = await calls.TokenAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/2/saml_assertion") { Content = SandboxCalls.Json(new JsonObject()) };
        request.Headers.TryAddWithoutValidation("Authorization", $"bearer {token}");

        using var response = await calls.Http.SendAsync(request);

        foreach (var (name, value) in RateLimited.Headers)
            Assert.Equal(value, string.Join(",", response.Headers.GetValues(name)));
    }

    /// <summary>Same members at every level, same kinds of values, same words where <see cref="Verbatim"/> says so.</summary>
    private static void AssertSameShape(JsonNode documented, JsonNode? actual, string path)
    {
        switch (documented)
        {
            case JsonObject expected:
            {
                var got = Assert.IsType<JsonObject>(actual, exactMatch: false);
                Assert.True(expected.Select(p => p.Key).Order().SequenceEqual(got.Select(p => p.Key).Order()),
                    $"{path}: members {{{string.Join(",", got.Select(p => p.Key))}}}, documented {{{string.Join(",", expected.Select(p => p.Key))}}}");
                foreach (var (key, value) in expected)
                {
                    if (Verbatim.Contains(key) && value is JsonValue)
                        Assert.True(JsonNode.DeepEquals(value, got[key]), $"{path}.{key}: {got[key]?.ToJsonString()}, documented {value.ToJsonString()}");
                    else
                        AssertSameShape(value!, got[key], $"{path}.{key}");
                }
                return;
            }
            case JsonArray expected:
            {
                var got = Assert.IsType<JsonArray>(actual, exactMatch: false);
                Assert.True(expected.Count == 0 || got.Count > 0, $"{path}: empty, documented with elements");
                if (expected.Count > 0)
                {
                    // Each element has the shape of a documented one: the one with the same members when the docs show
                    // several kinds (an SMS device has a phone_number, others do not), else the first.
                    for (var i = 0; i < got.Count; i++)
                        AssertSameShape(DocumentedLike(expected, got[i]), got[i], $"{path}[{i}]");
                }
                return;
            }
            default:
                Assert.True(actual is not null && Kind(documented) == Kind(actual),
                    $"{path}: {actual?.ToJsonString() ?? "missing"}, documented a {Kind(documented)} like {documented.ToJsonString()}");
                return;
        }
    }

    private static JsonNode DocumentedLike(JsonArray documented, JsonNode? actual) =>
        actual is JsonObject got && documented.OfType<JsonObject>().FirstOrDefault(d => d.Select(p => p.Key).Order().SequenceEqual(got.Select(p => p.Key).Order())) is { } same
            ? same
            : documented[0]!;

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.True or JsonValueKind.False => "boolean",
        var kind => kind.ToString().ToLowerInvariant(),
    };

    private static async Task<(int, JsonObject)> TokenCallAsync(SandboxCalls calls, string secret, string grantType)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "auth/oauth2/v2/token")
        {
            Content = SandboxCalls.Json(new JsonObject { ["grant_type"] = grantType }),
        };
        request.Headers.TryAddWithoutValidation("Authorization", $"client_id:sandbox-client-id, client_secret:{secret}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await calls.Http.SendAsync(request);
        return ((int)response.StatusCode, await SandboxCalls.ReadJsonAsync(response));
    }

    private static async Task<string> StateTokenAsync(SandboxCalls calls, string user, string password, int version = 2)
    {
        var (status, body) = await calls.SamlAssertionAsync(user, password, version);
        Assert.Equal(200, status);
        return (version == 2 ? body["state_token"] : body["data"]![0]!["state_token"])!.GetValue<string>();
    }

    /// <summary>A six-digit code that is none of the codes the sandbox accepts right now (one step of drift either side).</summary>
    private static string WrongCode(string secret)
    {
        var now = DateTimeOffset.UtcNow;
        string[] accepted = [Totp.Compute(secret, now.AddSeconds(-30)), Totp.Compute(secret, now), Totp.Compute(secret, now.AddSeconds(30)), Totp.Compute(secret, now.AddSeconds(60))];
        return Enumerable.Range(0, 5).Select(i => i.ToString("000000", System.Globalization.CultureInfo.InvariantCulture)).First(c => !accepted.Contains(c));
    }
}
