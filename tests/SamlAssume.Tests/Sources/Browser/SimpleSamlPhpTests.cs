using SamlAssume.Cli;
using SamlAssume.Commands;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.Browser;

/// <summary>
/// Issue 25 against parts no one here wrote: SimpleSAMLphp as the IdP, Chromium as the browser, and the sandbox's STS
/// trusting the IdP from its metadata (sandbox --saml-provider), as IAM would. The "Done when" commands.
/// </summary>
public sealed class SimpleSamlPhpTests
{
    private static readonly string[] ReadOnlyRole = ["--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"];

    private static async Task<(SimpleSamlPhpIdp Idp, TestWorkspace Workspace)> StartAsync(string auth)
    {
        var directory = Directory.CreateTempSubdirectory("samlassume-ssp-").FullName;
        var idp = await SimpleSamlPhpIdp.StartAsync(directory, auth);
        var ws = await TestWorkspace.StartAsync(new SandboxOptions { SamlProviders = [new(SimpleSamlPhpIdp.ProviderArn, idp.MetadataPath)] });
        return (idp, ws);
    }

    private static Dictionary<string, string?> Environment(TestWorkspace ws, string? password = null)
    {
        var environment = TestBrowser.EnvironmentFor(Path.Combine(ws.Root, "cache"));
        environment["ONELOGIN_PASSWORD"] = password;
        return environment;
    }

    [BrowserFact(simpleSamlPhp: true)]
    public async Task Static_source_headless_writes_the_profile_of_the_role_the_idp_granted_and_a_wrong_cert_writes_nothing()
    {
        var (idp, ws) = await StartAsync("static");
        await using var _ = idp;
        await using var __ = ws;
        var file = Path.Combine(ws.Root, "credentials");

        var result = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", idp.SignInUrl, "--headless", "--browser-path", TestBrowser.Path!, "--idp-cert", idp.CertificatePath, .. ReadOnlyRole, "-p", "ssp", "-f", file],
            environment: Environment(ws));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/ReadOnly/",
            await DemoCommand.CallerIdentityAsync(file, ws.Sandbox.BaseUrl, CancellationToken.None, "ssp"));
        Assert.Contains("assumed-role/ReadOnly/static-user", result.Stderr);

        // The IdP's metadata instead of its certificate: the signing key and the entityID (as Issuer) from it.
        var fromMetadata = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", idp.SignInUrl, "--headless", "--idp-metadata", idp.MetadataPath, "--verbose", .. ReadOnlyRole, "-p", "ssp-md", "-f", file],
            environment: Environment(ws));
        Assert.True(fromMetadata.ExitCode == 0, fromMetadata.ToString());
        Assert.Contains("assertion verified with the IdP certificate", fromMetadata.Stderr);
        Assert.Contains("from --idp-metadata", fromMetadata.Stderr);

        // Another key pinned: refused before STS, nothing written.
        var wrongCertificate = Path.Combine(ws.Root, "wrong.crt");
        using (var rsa = System.Security.Cryptography.RSA.Create(2048))
        {
            using var other = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=not the idp", rsa, System.Security.Cryptography.HashAlgorithmName.SHA256, System.Security.Cryptography.RSASignaturePadding.Pkcs1)
                .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            File.WriteAllText(wrongCertificate, other.ExportCertificatePem());
        }
        var otherFile = Path.Combine(ws.Root, "other-credentials");
        var stsCalls = ws.Sandbox.Journal.Entries.Count(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml);
        var refused = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", idp.SignInUrl, "--headless", "--browser-path", TestBrowser.Path!, "--idp-cert", wrongCertificate, .. ReadOnlyRole, "-p", "ssp", "-f", otherFile],
            environment: Environment(ws));
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Equal(ExitCodes.SignInRefused, refused.ExitCode);
        Assert.Contains("failed verification", refused.Stderr);
        Assert.False(File.Exists(otherFile));
        Assert.Equal(stsCalls, ws.Sandbox.Journal.Entries.Count(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml));
    }

    [BrowserFact(simpleSamlPhp: true)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task UserPass_form_filled_over_devtools_then_refreshed_headless_from_the_idp_session()
    {
        var (idp, ws) = await StartAsync("userpass");
        await using var _ = idp;
        await using var __ = ws;

        var first = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", idp.SignInUrl, "--headless", "--idp-cert", idp.CertificatePath, "-u", "alice", .. ReadOnlyRole, "-p", "alice"],
            environment: Environment(ws, password: "alicepass"));
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/alice",
            await DemoCommand.CallerIdentityAsync(ws.CredentialsPath, ws.Sandbox.BaseUrl, CancellationToken.None, "alice"));
        Assert.DoesNotContain("alicepass", first.AllOutput);

        // No password now: SimpleSAMLphp's session cookie, kept in SamlAssume's browser profile, signs in.
        var again = await CliRun.RunAsync(ws,
            ["login", "--browser", "--idp-url", idp.SignInUrl, "--headless", "--idp-cert", idp.CertificatePath, .. ReadOnlyRole, "-p", "alice2"],
            environment: Environment(ws));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("assumed-role/ReadOnly/alice", again.Stderr);

        // The profile is the owner's alone.
        var profile = Path.Combine(ws.Root, "cache", "samlassume", "browser", $"127.0.0.1_{idp.Port}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(profile));
    }
}
