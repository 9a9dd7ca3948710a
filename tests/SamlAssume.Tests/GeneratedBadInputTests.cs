using System.Net;
using System.Text;
using SamlAssume.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SamlAssume.Tests;

/// <summary>
/// Generated bad input (seeded System.Random: FsCheck is not available here; the seed is in each test's name and a
/// failing case prints its number and input). Every case must end in one <c>samlassume: error:</c> line, a documented
/// exit code other than 1 (1 means we did not foresee it), no stack trace without --verbose, nothing on stdout and no
/// credentials file written. The network is a fake handler, so hundreds of runs take seconds.
/// </summary>
public sealed class GeneratedBadInputTests(ITestOutputHelper output)
{
    private const int Seed = 20260601;

    /// <summary>Answers the token call and the assertion call with what the test says; records each call.</summary>
    private sealed class ScriptedHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answer(request));
    }

    private static HttpResponseMessage Answer(int status, byte[] body, string mediaType = "application/json") =>
        new((HttpStatusCode)status) { Content = new ByteArrayContent(body) { Headers = { ContentType = new(mediaType) } } };

    private static readonly byte[] GoodToken = """{"access_token":"tok-0123456789","created_at":"2026-01-01T00:00:00Z","expires_in":36000,"refresh_token":"r","token_type":"bearer","account_id":1}"""u8.ToArray();

    private static void AssertCleanFailure(CliResult result, TestWorkspace ws, string what, params int[] allowed)
    {
        var context = $"{what}\n{result}";
        Assert.True(allowed.Contains(result.ExitCode), $"exit {result.ExitCode}, expected one of {string.Join(",", allowed)}: {context}");
        var errors = result.Stderr.Split('\n').Count(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal));
        Assert.True(errors == 1, $"{errors} error lines: {context}");
        Assert.False(result.Stderr.Contains("   at ", StringComparison.Ordinal), $"stack trace without --verbose: {context}");
        Assert.True(result.Stdout.Length == 0, $"stdout not empty: {context}");
        Assert.False(File.Exists(ws.CredentialsPath), $"credentials written: {context}");
    }

    private static string Show(byte[] bytes) => bytes.Length > 300 ? Encoding.UTF8.GetString(bytes, 0, 300) + $"… ({bytes.Length} bytes)" : Encoding.UTF8.GetString(bytes);

    // ---- generators ----

    private static readonly string[] JsonValues = ["null", "true", "1", "-7", "1e400", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":{}}", "\"<html>\""];

    private static byte[] MutatedJson(Random random, string valid)
    {
        switch (random.Next(9))
        {
            case 0: return Encoding.UTF8.GetBytes(valid[..random.Next(valid.Length)]); // truncated
            case 1: // a field of the wrong type
            {
                var names = System.Text.RegularExpressions.Regex.Matches(valid, "\"([a-z_]+)\":").Select(m => m.Groups[1].Value).ToList();
                var name = names[random.Next(names.Count)];
                return Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(valid, $"\"{name}\":(\"[^\"]*\"|[^,}}\\]]+|\\{{[^}}]*\\}}|\\[[^\\]]*\\])",
                    $"\"{name}\":{JsonValues[random.Next(JsonValues.Length)]}"));
            }
            case 2: // a field missing
            {
                var names = System.Text.RegularExpressions.Regex.Matches(valid, "\"([a-z_]+)\":").Select(m => m.Groups[1].Value).ToList();
                return Encoding.UTF8.GetBytes(valid.Replace($"\"{names[random.Next(names.Count)]}\"", $"\"x{random.Next(1000)}\""));
            }
            case 3: return Encoding.UTF8.GetBytes(JsonValues[random.Next(JsonValues.Length)]); // not an object
            case 4: return Encoding.UTF8.GetBytes($"<html><body><h1>{random.Next()}</h1></body></html>");
            case 5: return Encoding.UTF8.GetBytes(new string('[', random.Next(10, 5000)) + new string(']', random.Next(0, 5000))); // deep
            case 6: return [.. Encoding.UTF8.GetBytes("{\"message\":\""), .. Enumerable.Repeat((byte)'a', random.Next(1, 5) * 1024 * 1024), .. "\"}"u8.ToArray()]; // huge
            case 7: { var bytes = new byte[random.Next(1, 200)]; random.NextBytes(bytes); return bytes; }
            default: return Encoding.UTF8.GetBytes(valid.Replace("\"", random.Next(2) == 0 ? "'" : ""));
        }
    }

    private static string SamlResponseValue(Random random)
    {
        var xml = random.Next(7) switch
        {
            0 => null, // not base64 at all
            1 => "this is not xml",
            2 => string.Concat(Enumerable.Repeat("<a>", random.Next(100, 20000))) + "x",
            3 => "<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>",
            4 => "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><x/></samlp:Response>",
            5 => "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + new string('a', random.Next(1, 3) * 1024 * 1024) + "</samlp:Response>",
            _ => "<Response><Assertion><AttributeStatement/></Assertion></Response>",
        };
        return xml is null
            ? new string(Enumerable.Range(0, random.Next(1, 300)).Select(_ => "!@#$%^&*()_-=ÿé \t"[random.Next(17)]).ToArray()).Trim() + "x"
            : Convert.ToBase64String(Encoding.UTF8.GetBytes(xml));
    }

    // ---- the tests ----

    [Fact]
    public async Task OneLogin_token_answers_seed_20260601()
    {
        var random = new Random(Seed);
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        for (var i = 0; i < 150; i++)
        {
            var body = MutatedJson(random, Encoding.UTF8.GetString(GoodToken));
            var status = new[] { 200, 200, 200, 400, 401, 404 }[random.Next(6)];
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"),
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(status, body)));
            // A mutation can leave a usable token; then the (unreachable through the fake) next call fails instead.
            AssertCleanFailure(result, ws, $"case {i}: HTTP {status} {Show(body)}", ExitCodes.SignInRefused, ExitCodes.Network);
        }
    }

    [Fact]
    public async Task OneLogin_assertion_answers_seed_20260601()
    {
        var random = new Random(Seed + 1);
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        const string Mfa = """{"state_token":"st-123","message":"MFA is required for this user","devices":[{"device_id":5001,"device_type":"Google Authenticator"}],"callback_url":"https://x/api/2/saml_assertion/verify_factor","user":{"id":1,"username":"u","email":"e","firstname":"f","lastname":"l"}}""";
        const string Issued = """{"message":"Success","data":"PHNhbWxwOlJlc3BvbnNlLz4="}""";
        for (var i = 0; i < 150; i++)
        {
            var body = MutatedJson(random, random.Next(2) == 0 ? Mfa : Issued);
            var status = new[] { 200, 200, 200, 400, 401, 404 }[random.Next(6)];
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--otp", "123456"),
                httpHandlerFactory: _ => new ScriptedHandler(r => r.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) ? Answer(200, GoodToken) : Answer(status, body)));
            AssertCleanFailure(result, ws, $"case {i}: HTTP {status} {Show(body)}", ExitCodes.SignInRefused, ExitCodes.MfaFailed, ExitCodes.Network, ExitCodes.Usage);
        }
    }

    [Fact]
    public async Task SamlResponse_values_seed_20260601()
    {
        var random = new Random(Seed + 2);
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        for (var i = 0; i < 100; i++)
        {
            var value = SamlResponseValue(random);
            var body = Encoding.UTF8.GetBytes($"{{\"message\":\"Success\",\"data\":\"{value}\"}}");
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"),
                httpHandlerFactory: _ => new ScriptedHandler(r => r.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) ? Answer(200, GoodToken) : Answer(200, body)));
            AssertCleanFailure(result, ws, $"case {i}: SAMLResponse {(value.Length > 200 ? value[..200] + "…" : value)}", ExitCodes.SignInRefused, ExitCodes.Network);
        }
    }

    [Fact]
    public async Task Config_files_seed_20260601()
    {
        var random = new Random(Seed + 3);
        await using var ws = await TestWorkspace.StartAsync();
        var sdk = $$"""{"client_id":"id","client_secret":"secret","region":"us","ip":"","api_url":"{{ws.ApiUrl}}"}""";
        const string Aws = """{"app_id":"424242","subdomain":"sandbox","username":"solo@example.com","aws_region":"eu-west-1","duration":3600,"profiles":{"p":{"aws_account_id":"222222222222","aws_role_name":"ReadOnly","aws_region":"us-east-1"}}}""";
        const string Accounts = "accounts:\n  \"111111111111\": Production\n  \"222222222222\": Staging\n";
        for (var i = 0; i < 100; i++)
        {
            var which = random.Next(3);
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), which == 0 ? Encoding.UTF8.GetString(MutatedJson(random, sdk)) : sdk);
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json"), which == 1 ? Encoding.UTF8.GetString(MutatedJson(random, Aws)) : Aws);
            var accounts = which == 2 ? MutatedYaml(random, Accounts) : Accounts;
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), accounts);
            // The API refuses the client: a config that still parses gets as far as that (exit 3).
            var result = await CliRun.RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "--onelogin-password", "pw", "-p", "p"],
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(401, """{"error":"Unauthorized"}"""u8.ToArray())));
            AssertCleanFailure(result, ws, $"case {i}: file {which}", ExitCodes.Usage, ExitCodes.SignInRefused);
        }
    }

    private static string MutatedYaml(Random random, string valid) => random.Next(6) switch
    {
        0 => valid[..random.Next(valid.Length)],
        1 => valid.Replace(":", random.Next(2) == 0 ? "" : "::"),
        2 => "accounts: [" + valid,
        3 => valid.Replace("Production", "[1, {a: b}]"),
        4 => new string('-', random.Next(1, 50)) + "\n" + valid + "\n" + new string(' ', random.Next(1, 9)) + "x",
        _ => "accounts:\n" + string.Concat(Enumerable.Repeat("  - ", random.Next(1, 3000))) + "x",
    };

    [Fact]
    public async Task Command_line_values_seed_20260601()
    {
        var random = new Random(Seed + 4);
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        string[] options = ["-z", "--http-timeout", "--connect-timeout", "--saml-api-version", "--aws-region", "-r", "--duration", "-t", "-l"];
        string[] values = ["", "-1", "0", "899", "43201", "99999999999999999999", "abc", "1.5", "us-east-1x", "EU", "１２", "\u0000", "--", "-p", " 3600 "];
        for (var i = 0; i < 100; i++)
        {
            var option = options[random.Next(options.Length)];
            var value = values[random.Next(values.Length)];
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", option, value),
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(401, """{"error":"Unauthorized"}"""u8.ToArray())));
            AssertCleanFailure(result, ws, $"case {i}: {option} '{value}'", ExitCodes.Usage, ExitCodes.SignInRefused);
        }
    }

    [Fact]
    public async Task Credentials_files_seed_20260601()
    {
        var random = new Random(Seed + 5);
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        string[] pieces = ["[x]\n", "[x]\n", "[ x ]\n", "[other]\n", "key = v\n", "aws_access_key_id=A\n", "  continued\n", "# c\n", "; c\n", "\n", "\r\n",
            "no equals sign\n", "=novalue\n", "[unclosed\n", "\uFEFF", "\u00ff\n", "[default]\n", "region : x\n"];
        var refused = 0;
        for (var i = 0; i < 60; i++)
        {
            var text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => pieces[random.Next(pieces.Length)]));
            var before = Encoding.UTF8.GetBytes(text);
            if (random.Next(10) == 0) before = [.. before, 0xC3]; // invalid UTF-8
            File.WriteAllBytes(ws.CredentialsPath, before);

            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"));

            if (result.ExitCode == 0)
            {
                Assert.NotNull(new Aws.CredentialsFile(ws.CredentialsPath).ReadProfile("x"));
                continue;
            }
            refused++;
            var context = $"case {i}: {text.ReplaceLineEndings("⏎")}\n{result}";
            Assert.True(result.ExitCode == ExitCodes.CredentialsFile, context);
            Assert.True(result.Stderr.Split('\n').Count(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)) == 1, context);
            Assert.DoesNotContain("   at ", result.Stderr);
            Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(ws.CredentialsPath)), $"a refused file was modified: {context}");
        }
        output.WriteLine($"{refused} of 60 generated files were refused untouched; the rest were edited");
        Assert.InRange(refused, 5, 55); // the generator must produce both kinds, or it tests nothing
    }
}
