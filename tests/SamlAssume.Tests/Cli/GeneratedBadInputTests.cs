using System.Net;
using System.Text;
using FsCheck.Fluent;
using FsCheck;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Generated bad input (FsCheck generators: a failing case is printed with the seed that replays it). Every case must end in one <c>samlassume: error:</c> line, a documented
/// exit code other than 1 (1 means we did not foresee it), no stack trace without --verbose, nothing on stdout and no
/// credentials file written. The network is a fake handler, so hundreds of runs take seconds.
/// </summary>
public sealed class GeneratedBadInputTests(ITestOutputHelper output)
{
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

    // ---- generators (FsCheck; a failure prints its input and the seed to replay it) ----

    private static readonly string[] JsonValues = ["null", "true", "1", "-7", "1e400", "\"\"", "\"x\"", "[]", "{}", "[1,2]", "{\"a\":{}}", "\"<html>\""];

    private static List<string> FieldNames(string json) =>
        System.Text.RegularExpressions.Regex.Matches(json, "\"([a-z_]+)\":").Select(m => m.Groups[1].Value).ToList();

    /// <summary>A valid answer broken in one of the ways a proxy, a truncation or a changed API breaks it.</summary>
    private static Gen<byte[]> MutatedJson(string valid) => Gen.OneOf(
        Gen.Choose(0, valid.Length - 1).Select(n => Encoding.UTF8.GetBytes(valid[..n])), // truncated
        from name in Gen.Elements(FieldNames(valid)) // a field of the wrong type
        from value in Gen.Elements(JsonValues)
        select Encoding.UTF8.GetBytes(System.Text.RegularExpressions.Regex.Replace(valid, $"\"{name}\":(\"[^\"]*\"|[^,}}\\]]+|\\{{[^}}]*\\}}|\\[[^\\]]*\\])", $"\"{name}\":{value}")),
        from name in Gen.Elements(FieldNames(valid)) // a field missing
        from n in Gen.Choose(0, 999)
        select Encoding.UTF8.GetBytes(valid.Replace($"\"{name}\"", $"\"x{n}\"")),
        Gen.Elements(JsonValues).Select(Encoding.UTF8.GetBytes), // not an object
        Gen.Choose(0, int.MaxValue).Select(n => Encoding.UTF8.GetBytes($"<html><body><h1>{n}</h1></body></html>")),
        from open in Gen.Choose(10, 5000) from close in Gen.Choose(0, 5000) select Encoding.UTF8.GetBytes(new string('[', open) + new string(']', close)), // deep
        Gen.Choose(1, 4).Select(mb => (byte[])[.. Encoding.UTF8.GetBytes("{\"message\":\""), .. Enumerable.Repeat((byte)'a', mb * 1024 * 1024), .. "\"}"u8.ToArray()]), // huge
        ArbMap.Default.GeneratorFor<byte[]>().Where(b => b is { Length: > 0 }), // noise
        Gen.Elements("'", "").Select(quote => Encoding.UTF8.GetBytes(valid.Replace("\"", quote))));

    private static readonly Gen<int> Status = Gen.Elements(200, 200, 200, 400, 401, 404);

    private static Gen<string> SamlResponseValue() => Gen.OneOf(
        Gen.Elements("!@#$%^&*()_-=ÿé \t".ToCharArray()).ArrayOf().Where(c => c.Length is > 0 and < 300).Select(c => new string(c).Trim() + "x"), // not base64
        Gen.OneOf(
            Gen.Constant("this is not xml"),
            Gen.Choose(100, 20000).Select(n => string.Concat(Enumerable.Repeat("<a>", n)) + "x"),
            Gen.Constant("<?xml version=\"1.0\"?><!DOCTYPE r [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><r>&e;</r>"),
            Gen.Constant("<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\"><x/></samlp:Response>"),
            Gen.Choose(1, 2).Select(mb => "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\">" + new string('a', mb * 1024 * 1024) + "</samlp:Response>"),
            Gen.Constant("<Response><Assertion><AttributeStatement/></Assertion></Response>"))
            .Select(xml => Convert.ToBase64String(Encoding.UTF8.GetBytes(xml))));

    /// <summary>
    /// Runs <paramref name="body"/> as an FsCheck property over <paramref name="cases"/>, off xUnit's synchronisation
    /// context so the CLI's async code can be waited on inside it.
    /// </summary>
    private static Task CheckAsync<T>(Gen<T> cases, int count, Func<T, Task> body) =>
        Task.Run(() => Prop.ForAll(cases.ToArbitrary(), (T value) => body(value).GetAwaiter().GetResult())
            .Check(Config.QuickThrowOnFailure.WithMaxTest(count)));

    // ---- the tests ----

    [Fact]
    public async Task OneLogin_token_answers()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await CheckAsync(Gen.Zip(Status, MutatedJson(Encoding.UTF8.GetString(GoodToken))), 100, async @case =>
        {
            var (status, body) = @case;
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"),
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(status, body)));
            // A mutation can leave a usable token; then the (unreachable through the fake) next call fails instead.
            AssertCleanFailure(result, ws, $"HTTP {status} {Show(body)}", ExitCodes.SignInRefused, ExitCodes.Network);
        });
    }

    [Fact]
    public async Task OneLogin_assertion_answers()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        const string Mfa = """{"state_token":"st-123","message":"MFA is required for this user","devices":[{"device_id":5001,"device_type":"Google Authenticator"}],"callback_url":"https://x/api/2/saml_assertion/verify_factor","user":{"id":1,"username":"u","email":"e","firstname":"f","lastname":"l"}}""";
        const string Issued = """{"message":"Success","data":"PHNhbWxwOlJlc3BvbnNlLz4="}""";
        await CheckAsync(Gen.Zip(Status, Gen.OneOf(MutatedJson(Mfa), MutatedJson(Issued))), 100, async @case =>
        {
            var (status, body) = @case;
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", "--otp", "123456"),
                httpHandlerFactory: _ => new ScriptedHandler(r => r.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) ? Answer(200, GoodToken) : Answer(status, body)));
            AssertCleanFailure(result, ws, $"HTTP {status} {Show(body)}", ExitCodes.SignInRefused, ExitCodes.MfaFailed, ExitCodes.Network, ExitCodes.Usage);
        });
    }

    [Fact]
    public async Task SamlResponse_values()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        await CheckAsync(SamlResponseValue(), 60, async value =>
        {
            var body = Encoding.UTF8.GetBytes($"{{\"message\":\"Success\",\"data\":\"{value}\"}}");
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"),
                httpHandlerFactory: _ => new ScriptedHandler(r => r.RequestUri!.AbsolutePath.EndsWith("/token", StringComparison.Ordinal) ? Answer(200, GoodToken) : Answer(200, body)));
            AssertCleanFailure(result, ws, $"SAMLResponse {(value.Length > 200 ? value[..200] + "…" : value)}", ExitCodes.SignInRefused, ExitCodes.Network);
        });
    }

    [Fact]
    public async Task Config_files()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var sdk = $$"""{"client_id":"id","client_secret":"secret","region":"us","ip":"","api_url":"{{ws.ApiUrl}}"}""";
        const string Aws = """{"app_id":"424242","subdomain":"sandbox","username":"solo@example.com","aws_region":"eu-west-1","duration":3600,"profiles":{"p":{"aws_account_id":"222222222222","aws_role_name":"ReadOnly","aws_region":"us-east-1"}}}""";
        const string Accounts = "accounts:\n  \"111111111111\": Production\n  \"222222222222\": Staging\n";
        var files = Gen.OneOf(
            MutatedJson(sdk).Select(b => (Which: 0, Text: Encoding.UTF8.GetString(b))),
            MutatedJson(Aws).Select(b => (Which: 1, Text: Encoding.UTF8.GetString(b))),
            MutatedYaml(Accounts).Select(t => (Which: 2, Text: t)));
        await CheckAsync(files, 60, async file =>
        {
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"), file.Which == 0 ? file.Text : sdk);
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json"), file.Which == 1 ? file.Text : Aws);
            File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), file.Which == 2 ? file.Text : Accounts);
            // The API refuses the client: a config that still parses gets as far as that (exit 3).
            var result = await CliRun.RunAsync(ws, ["login", "-c", ws.ConfigDirectory, "--onelogin-password", "pw", "-p", "p"],
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(401, """{"error":"Unauthorized"}"""u8.ToArray())));
            AssertCleanFailure(result, ws, $"file {file.Which}: {file.Text}", ExitCodes.Usage, ExitCodes.SignInRefused);
        });
    }

    private static Gen<string> MutatedYaml(string valid) => Gen.OneOf(
        Gen.Choose(0, valid.Length - 1).Select(n => valid[..n]),
        Gen.Elements("", "::").Select(colon => valid.Replace(":", colon)),
        Gen.Constant("accounts: [" + valid),
        Gen.Constant(valid.Replace("Production", "[1, {a: b}]")),
        from dashes in Gen.Choose(1, 49) from spaces in Gen.Choose(1, 8) select new string('-', dashes) + "\n" + valid + "\n" + new string(' ', spaces) + "x",
        Gen.Choose(1, 2999).Select(n => "accounts:\n" + string.Concat(Enumerable.Repeat("  - ", n)) + "x"));

    [Fact]
    public async Task Command_line_values()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var options = Gen.Elements("-z", "--http-timeout", "--connect-timeout", "--saml-api-version", "--aws-region", "-r", "--duration", "-t", "-l");
        var values = Gen.OneOf(
            Gen.Elements("", "-1", "0", "899", "43201", "99999999999999999999", "abc", "1.5", "us-east-1x", "EU", "１２", "\u0000", "--", "-p", " 3600 "),
            ArbMap.Default.GeneratorFor<string>().Where(s => s is not null && !s.StartsWith('-') && !s.Contains('\0')));
        await CheckAsync(Gen.Zip(options, values), 60, async @case =>
        {
            var (option, value) = @case;
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x", option, value),
                httpHandlerFactory: _ => new ScriptedHandler(_ => Answer(401, """{"error":"Unauthorized"}"""u8.ToArray())));
            AssertCleanFailure(result, ws, $"{option} '{value}'", ExitCodes.Usage, ExitCodes.SignInRefused);
        });
    }

    [Fact]
    public async Task Credentials_files()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        string[] pieces = ["[x]\n", "[x]\n", "[ x ]\n", "[other]\n", "key = v\n", "aws_access_key_id=A\n", "  continued\n", "# c\n", "; c\n", "\n", "\r\n",
            "no equals sign\n", "=novalue\n", "[unclosed\n", "\uFEFF", "\u00ff\n", "[default]\n", "region : x\n"];
        var files =
            // Short files: most long ones hit a refusal (a duplicate section, say), and both outcomes must be tested.
            from count in Gen.Choose(1, 5)
            from chosen in Gen.Elements(pieces).ListOf(count)
            from brokenUtf8 in Gen.Frequency((9, Gen.Constant(false)), (1, Gen.Constant(true)))
            let bytes = Encoding.UTF8.GetBytes(string.Concat(chosen))
            select brokenUtf8 ? (byte[])[.. bytes, 0xC3] : bytes; // a lead byte with nothing after it
        var refused = 0;
        var edited = 0;
        await CheckAsync(files, 60, async before =>
        {
            File.WriteAllBytes(ws.CredentialsPath, before);

            var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "x"));

            if (result.ExitCode == 0)
            {
                Interlocked.Increment(ref edited);
                Assert.NotNull(new CredentialsFile(ws.CredentialsPath).ReadProfile("x"));
                return;
            }
            Interlocked.Increment(ref refused);
            var context = $"{Encoding.UTF8.GetString(before).ReplaceLineEndings("⏎")}\n{result}";
            Assert.True(result.ExitCode == ExitCodes.CredentialsFile, context);
            Assert.True(result.Stderr.Split('\n').Count(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)) == 1, context);
            Assert.DoesNotContain("   at ", result.Stderr);
            Assert.True(before.AsSpan().SequenceEqual(File.ReadAllBytes(ws.CredentialsPath)), $"a refused file was modified: {context}");
        });
        output.WriteLine($"{refused} generated files were refused untouched; {edited} were edited");
        // The generator must produce both kinds, or it tests nothing.
        Assert.True(refused >= 5 && edited >= 5, $"{refused} refused, {edited} edited");
    }
}
