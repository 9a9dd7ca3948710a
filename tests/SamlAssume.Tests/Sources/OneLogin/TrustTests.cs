using System.Security.Cryptography.X509Certificates;
using System.Security.Cryptography;
using System.Text.Json;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.OneLogin;

/// <summary>
/// Issue 5 through the real command line against the sandbox: idp-cert pinning, verification before STS,
/// assertion inspect, --save-assertion, and the session-duration and RoleSessionName rules.
/// </summary>
public sealed class TrustTests
{
    private static readonly string[] ReadOnlyRole = ["--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"];

    private static string WriteSandboxCertificate(TestWorkspace ws)
    {
        var path = Path.Combine(ws.Root, "idp.pem");
        File.WriteAllText(path, ws.Sandbox.SigningCertificate.ExportCertificatePem());
        return path;
    }

    private static string WriteOtherCertificate(TestWorkspace ws)
    {
        using var rsa = RSA.Create(2048);
        using var other = new CertificateRequest("CN=Not the IdP", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var path = Path.Combine(ws.Root, "other.pem");
        File.WriteAllText(path, other.ExportCertificatePem());
        return path;
    }

    private static string Fingerprint(X509Certificate2 certificate) =>
        string.Join(':', Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)));

    [Fact]
    public async Task Idp_cert_pins_the_metadata_certificate_and_keeps_other_keys()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig().WithAwsConfig(new() { ["app_id"] = ws.AppId, ["subdomain"] = "sandbox", ["profiles"] = new Dictionary<string, object?> { ["work"] = new Dictionary<string, object?> { ["aws_region"] = "eu-west-1" } } });

        var result = await ws.RunAsync("idp-cert", "-c", ws.ConfigDirectory, "--yes");

        Assert.True(result.ExitCode == 0, result.ToString());
        var fingerprint = Fingerprint(ws.Sandbox.SigningCertificate);
        Assert.Contains($"SHA-256:   {fingerprint}", result.Stdout);
        Assert.Contains("CN=OneLogin Sandbox IdP", result.Stdout);
        Assert.Contains($"{ws.ApiUrl}/saml/metadata/{ws.AppId}", result.Stdout);
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json")));
        Assert.Equal(fingerprint, saved.RootElement.GetProperty("idp_certificate_sha256").GetString());
        Assert.Equal($"https://app.onelogin.com/saml/metadata/{ws.AppId}", saved.RootElement.GetProperty("idp_issuer").GetString());
        Assert.Equal(ws.AppId, saved.RootElement.GetProperty("app_id").GetString());
        Assert.Equal("eu-west-1", saved.RootElement.GetProperty("profiles").GetProperty("work").GetProperty("aws_region").GetString());

        // And the next login verifies with the pin before calling STS.
        var login = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--verbose", .. ReadOnlyRole]));
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains($"assertion verified with the pinned IdP certificate {fingerprint}", login.Stderr);
    }

    [Fact]
    public async Task Idp_cert_without_yes_or_a_terminal_pins_nothing()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync("idp-cert", "-c", ws.ConfigDirectory, "--app-id", ws.AppId);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("rerun with --yes", result.Stderr);
        Assert.False(File.Exists(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json")));
    }

    [Fact]
    public async Task Idp_cert_asks_before_pinning_into_a_profile()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, ["idp-cert", "-c", ws.ConfigDirectory, "--app-id", ws.AppId, "-p", "prod"], new ScriptedInput().Line("y"));

        Assert.True(result.ExitCode == 0, result.ToString());
        using var saved = JsonDocument.Parse(File.ReadAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json")));
        Assert.Equal(Fingerprint(ws.Sandbox.SigningCertificate), saved.RootElement.GetProperty("profiles").GetProperty("prod").GetProperty("idp_certificate_sha256").GetString());
    }

    [Fact]
    public async Task Unknown_app_in_idp_cert_is_refused()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync("idp-cert", "-c", ws.ConfigDirectory, "--app-id", "999999", "--yes");

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.Contains("HTTP 404", result.Stderr);
    }

    [Fact]
    public async Task Login_with_the_wrong_certificate_is_refused_before_sts()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--idp-cert", WriteOtherCertificate(ws), .. ReadOnlyRole]));

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.Contains("samlassume: error: the SAML assertion failed verification (untrusted-key)", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task Login_with_the_right_certificate_verifies_and_without_one_says_so()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var verified = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "-v", "--idp-cert", WriteSandboxCertificate(ws), .. ReadOnlyRole]));
        var unverified = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "y", "-v", .. ReadOnlyRole]));

        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Contains("assertion verified with the IdP certificate", verified.Stderr);
        Assert.True(unverified.ExitCode == 0, unverified.ToString());
        Assert.Contains("assertion not verified locally", unverified.Stderr);
    }

    [Fact]
    public async Task Idp_certificate_in_a_profile_entry_is_used()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig().WithAwsConfig(new() { ["profiles"] = new Dictionary<string, object?> { ["x"] = new Dictionary<string, object?> { ["idp_certificate"] = File.ReadAllText(WriteOtherCertificate(ws)) } } });

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", .. ReadOnlyRole]));

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.Contains("(untrusted-key)", result.Stderr);
    }

    [Fact]
    public async Task Saved_assertion_is_private_and_inspect_shows_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"111111111111\": prod-account\n");
        var saved = Path.Combine(ws.Root, "assertion.b64");

        var login = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--save-assertion", saved, .. ReadOnlyRole]));
        Assert.True(login.ExitCode == 0, login.ToString());
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(saved));

        var inspect = await ws.RunAsync("assertion", "inspect", saved, "-c", ws.ConfigDirectory, "--idp-cert", WriteSandboxCertificate(ws));

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Contains("Issuer:            https://app.onelogin.com/saml/metadata/", inspect.Stdout);
        Assert.Contains("Subject:           demo@example.com", inspect.Stdout);
        Assert.Contains("Recipient:         https://signin.aws.amazon.com/saml", inspect.Stdout);
        Assert.Contains("(expires in ", inspect.Stdout);
        Assert.Contains("rsa-sha256/sha256 over the Assertion", inspect.Stdout);
        Assert.Contains("Verification:      verified with the IdP certificate", inspect.Stdout);
        Assert.Contains("111111111111  prod-account  ReadOnly", inspect.Stdout);
        Assert.Contains(Fingerprint(ws.Sandbox.SigningCertificate), inspect.Stdout);
    }

    [Fact]
    public async Task Inspect_reads_xml_from_stdin_and_prints_json()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var saved = Path.Combine(ws.Root, "assertion.b64");
        await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--save-assertion", saved, .. ReadOnlyRole]));
        var xml = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(File.ReadAllText(saved).Trim()));

        var inspect = await CliRun.RunAsync(ws, ["assertion", "inspect", "-", "--json", "--idp-cert", WriteSandboxCertificate(ws)], stdin: xml);

        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using var json = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal("verified", json.RootElement.GetProperty("verification").GetProperty("result").GetString());
        Assert.Equal("demo@example.com", json.RootElement.GetProperty("session_name").GetString());
        Assert.True(json.RootElement.GetProperty("roles").GetArrayLength() > 1);
        Assert.Equal("urn:amazon:webservices", json.RootElement.GetProperty("audiences")[0].GetString());
    }

    [Fact]
    public async Task Inspect_names_the_rule_a_tampered_assertion_breaks()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var saved = Path.Combine(ws.Root, "assertion.b64");
        await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--save-assertion", saved, .. ReadOnlyRole]));
        var xml = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(File.ReadAllText(saved).Trim()));
        var tampered = Path.Combine(ws.Root, "tampered.xml");
        File.WriteAllText(tampered, xml.Replace("role/ReadOnly", "role/Admin2", StringComparison.Ordinal));

        var inspect = await ws.RunAsync("assertion", "inspect", tampered, "--idp-cert", WriteSandboxCertificate(ws), "--json");

        Assert.Equal(ExitCodes.SignInRefused, inspect.ExitCode);
        using var json = JsonDocument.Parse(inspect.Stdout);
        Assert.Equal("signature-invalid", json.RootElement.GetProperty("verification").GetProperty("rule").GetString());
        Assert.Contains("samlassume: error: the SAML assertion failed verification (signature-invalid)", inspect.Stderr);
    }

    [Fact]
    public async Task Inspect_without_a_certificate_still_reports_expiry()
    {
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2));
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = past });
        ws.WithSdkConfig();
        var saved = Path.Combine(ws.Root, "assertion.b64");
        // The login itself fails at STS (the sandbox thinks it is two hours ago, our clock does not), but the assertion is saved.
        await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "--save-assertion", saved, .. ReadOnlyRole]));

        var inspect = await ws.RunAsync("assertion", "inspect", saved);

        Assert.Equal(ExitCodes.SignInRefused, inspect.ExitCode);
        Assert.Contains("(expired ", inspect.Stdout);
        Assert.Contains("FAILED (expired)", inspect.Stdout);
    }

    [Fact]
    public async Task Inspect_of_a_missing_file_is_a_usage_error()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("assertion", "inspect", Path.Combine(ws.Root, "nope.b64"));

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("no such file", result.Stderr);
    }

    [Fact]
    public async Task A_duration_above_the_role_maximum_is_retried_with_3600()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        // Admin's MaxSessionDuration is 3600 in the default tenant.
        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "--aws-account-id", "111111111111", "--aws-role-name", "Admin", "-z", "7200"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Granted a 3600 s session instead of the 7200 s asked", result.Stderr);
        Assert.Contains("--max-session-duration 7200", result.Stderr);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_session_name_sts_would_refuse_is_reported_before_sts()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Tenant.FindUser("demo@example.com")!.RoleSessionName = "Demo User (admin)";

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", .. ReadOnlyRole]));

        Assert.Equal(ExitCodes.SignInRefused, result.ExitCode);
        Assert.Contains("RoleSessionName 'Demo User (admin)' is not 2-64 characters", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task The_assertion_session_duration_caps_the_request()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        ws.Sandbox.Tenant.FindUser("demo@example.com")!.SessionDuration = 1800;

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", ["-p", "x", "-z", "7200", .. ReadOnlyRole]));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("at most 1800 s", result.Stderr);
    }
}
