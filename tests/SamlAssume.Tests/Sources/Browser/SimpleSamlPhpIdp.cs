using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.Tests.Sources.Browser;

/// <summary>
/// A real SAML IdP no one here wrote: Debian's SimpleSAMLphp 1.19 under <c>php -S 127.0.0.1:PORT</c>, with a config
/// written per test (SIMPLESAMLPHP_CONFIG_DIR): the IdP enabled, exampleauth's StaticSource (signs in without a page)
/// or UserPass (alice/alicepass), AWS as the SP <c>urn:amazon:webservices</c> (ACS https://signin.aws.amazon.com/saml)
/// getting the two AWS attributes, Response and Assertion signed with a fresh key.
/// </summary>
public sealed class SimpleSamlPhpIdp : IAsyncDisposable
{
    public const string ProviderArn = "arn:aws:iam::111111111111:saml-provider/ssp";

    private readonly Process php;

    private SimpleSamlPhpIdp(string directory, int port, Process php)
    {
        Directory = directory;
        Port = port;
        this.php = php;
    }

    public string Directory { get; }
    public int Port { get; }
    public string CertificatePath => Path.Combine(Directory, "cert", "idp.crt");
    public string MetadataPath => Path.Combine(Directory, "idp-metadata.xml");
    public string SignInUrl => $"http://127.0.0.1:{Port}/saml2/idp/SSOService.php?spentityid=urn:amazon:webservices";

    /// <param name="auth">"static" or "userpass".</param>
    public static async Task<SimpleSamlPhpIdp> StartAsync(string directory, string auth)
    {
        var port = FreePort();
        Write(directory, port, auth);
        var start = new ProcessStartInfo("/usr/bin/php")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in new[] { "-d", $"session.save_path={directory}/sessions", "-S", $"127.0.0.1:{port}", "-t", BrowserFactAttribute.SimpleSamlPhpRoot }) start.ArgumentList.Add(arg);
        start.Environment["SIMPLESAMLPHP_CONFIG_DIR"] = directory;
        start.Environment["SSP_AUTH"] = auth;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var idp = new SimpleSamlPhpIdp(directory, port, process);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            try
            {
                var metadata = await http.GetStringAsync($"http://127.0.0.1:{port}/saml2/idp/metadata.php");
                if (metadata.Contains("EntityDescriptor", StringComparison.Ordinal))
                {
                    await File.WriteAllTextAsync(idp.MetadataPath, metadata);
                    return idp;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                await idp.DisposeAsync();
                throw new InvalidOperationException($"SimpleSAMLphp did not answer on port {port}");
            }
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Write(string root, int port, string auth)
    {
        foreach (var sub in new[] { "metadata", "cert", "log", "data", "tmp", "sessions" }) System.IO.Directory.CreateDirectory(Path.Combine(root, sub));
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=samlassume-test-idp", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            File.WriteAllText(Path.Combine(root, "cert", "idp.crt"), certificate.ExportCertificatePem() + "\n");
            File.WriteAllText(Path.Combine(root, "cert", "idp.key"), rsa.ExportPkcs8PrivateKeyPem() + "\n");
        }
        var salt = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var admin = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));
        File.WriteAllText(Path.Combine(root, "config.php"), $$"""
            <?php
            $config = [
                'baseurlpath' => 'http://127.0.0.1:{{port}}/',
                'certdir' => '{{root}}/cert/',
                'loggingdir' => '{{root}}/log/',
                'datadir' => '{{root}}/data/',
                'tempdir' => '{{root}}/tmp',
                'metadatadir' => '{{root}}/metadata/',
                'metadata.sources' => [['type' => 'flatfile', 'directory' => '{{root}}/metadata/']],
                'secretsalt' => '{{salt}}',
                'auth.adminpassword' => '{{admin}}',
                'admin.protectindexpage' => false,
                'admin.protectmetadata' => false,
                'technicalcontact_name' => 'Test',
                'technicalcontact_email' => 'test@example.org',
                'timezone' => 'UTC',
                'showerrors' => true,
                'errorreporting' => false,
                'logging.level' => SimpleSAML\Logger::ERR,
                'logging.handler' => 'stderr',
                'enable.saml20-idp' => true,
                'enable.shib13-idp' => false,
                'module.enable' => ['exampleauth' => true, 'core' => true, 'saml' => true],
                'session.cookie.secure' => false,
                'session.cookie.samesite' => null,
                'session.cookie.path' => '/',
                'session.cookie.domain' => null,
                'session.cookie.lifetime' => 28800,
                'session.duration' => 8 * 60 * 60,
                'session.phpsession.savepath' => '{{root}}/sessions',
                'store.type' => 'phpsession',
                'language.available' => ['en'],
                'language.default' => 'en',
                'theme.use' => 'default',
            ];
            """);
        File.WriteAllText(Path.Combine(root, "authsources.php"), """
            <?php
            $config = [
                'admin' => ['core:AdminPassword'],
                'userpass' => ['exampleauth:UserPass', 'alice:alicepass' => ['uid' => ['alice']]],
                'static' => ['exampleauth:StaticSource', 'uid' => ['static-user']],
            ];
            """);
        File.WriteAllText(Path.Combine(root, "metadata", "saml20-idp-hosted.php"), $$"""
            <?php
            $metadata['http://127.0.0.1:{{port}}/saml2/idp/metadata.php'] = [
                'host' => '__DEFAULT__',
                'privatekey' => 'idp.key',
                'certificate' => 'idp.crt',
                'auth' => '{{auth}}',
                'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
                'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
            ];
            """);
        File.WriteAllText(Path.Combine(root, "metadata", "saml20-sp-remote.php"), """
            <?php
            $metadata['urn:amazon:webservices'] = [
                'entityid' => 'urn:amazon:webservices',
                'AssertionConsumerService' => [[
                    'Binding' => 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST',
                    'Location' => 'https://signin.aws.amazon.com/saml',
                    'index' => 0,
                    'isDefault' => true,
                ]],
                'NameIDFormat' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
                'attributes.NameFormat' => 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
                'saml20.sign.response' => true,
                'saml20.sign.assertion' => true,
                'signature.algorithm' => 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256',
                'authproc' => [
                    10 => ['class' => 'saml:AttributeNameID', 'attribute' => 'uid', 'Format' => 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent'],
                    20 => ['class' => 'core:AttributeAdd', 'https://aws.amazon.com/SAML/Attributes/Role' => ['arn:aws:iam::111111111111:role/ReadOnly,arn:aws:iam::111111111111:saml-provider/ssp']],
                    30 => ['class' => 'core:AttributeCopy', 'uid' => 'https://aws.amazon.com/SAML/Attributes/RoleSessionName'],
                    90 => ['class' => 'core:AttributeLimit', 'https://aws.amazon.com/SAML/Attributes/Role', 'https://aws.amazon.com/SAML/Attributes/RoleSessionName'],
                ],
            ];
            """);
    }

    public async ValueTask DisposeAsync()
    {
        try { php.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        await php.WaitForExitAsync();
        php.Dispose();
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
