using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using SamlAssume.IdP.Saml;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>A test that needs xmlsec1 (Debian xmlsec1); skipped with the reason when it is missing. .ci/run installs it.</summary>
public sealed class XmlSecFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/xmlsec1";

    public XmlSecFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"xmlsec1 is not installed at {Path} (apt-get install xmlsec1; .ci/run does)";
    }
}

/// <summary>A test that needs OneLogin's python3-saml (Debian python3-onelogin-saml2) under the system Python.</summary>
public sealed class PythonSamlFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";
    public const string Module = "/usr/lib/python3/dist-packages/onelogin/saml2/utils.py";

    public PythonSamlFactAttribute()
    {
        if (!File.Exists(Python) || !File.Exists(Module))
            Skip = $"python3-saml is not installed ({Module}; apt-get install python3-onelogin-saml2; .ci/run does)";
    }
}

/// <summary>
/// Responses signed by implementations that share no code with ours (libxmlsec1's command line, and OneLogin's
/// python3-saml on top of python-xmlsec), from a template and a key made here: we accept what real IdPs produce.
/// </summary>
public sealed class IndependentSignerTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("samlassume-signers-").FullName;
    private readonly X509Certificate2 certificate;
    private readonly string keyPath;
    private readonly string certificatePath;

    public IndependentSignerTests()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=Independent IdP", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        keyPath = Path.Combine(directory, "key.pem");
        certificatePath = Path.Combine(directory, "cert.pem");
        File.WriteAllText(keyPath, rsa.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(certificatePath, certificate.ExportCertificatePem());
    }

    private const string SignatureTemplate = """
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
          <ds:SignedInfo>
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>
            <ds:Reference URI="#A1">
              <ds:Transforms>
                <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
              </ds:Transforms>
              <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
              <ds:DigestValue/>
            </ds:Reference>
          </ds:SignedInfo>
          <ds:SignatureValue/>
          <ds:KeyInfo><ds:X509Data/></ds:KeyInfo>
        </ds:Signature>
        """;

    [XmlSecFact]
    public async Task A_response_whose_assertion_xmlsec1_signed_verifies()
    {
        var document = SignedSaml.Load(SamlResponseXml.Response());
        var assertion = SignedSaml.TheAssertion(document);
        var template = new XmlDocument { PreserveWhitespace = true };
        template.LoadXml(SignatureTemplate);
        assertion.InsertAfter(document.ImportNode(template.DocumentElement!, deep: true), SignedSaml.First(assertion, "Issuer"));
        var input = Path.Combine(directory, "template.xml");
        var output = Path.Combine(directory, "signed.xml");
        File.WriteAllText(input, document.OuterXml);

        await RunAsync(XmlSecFactAttribute.Path, "--sign", "--privkey-pem", $"{keyPath},{certificatePath}",
            "--id-attr:ID", "urn:oasis:names:tc:SAML:2.0:assertion:Assertion", "--output", output, input);

        var verified = SignedSaml.Verifier(certificate).Verify(File.ReadAllBytes(output));
        Assert.Equal(SamlResponseXml.RoleArn, verified.Assertion.Roles.Single().RoleArn);
        Assert.Equal("Assertion", verified.Signature.SignedElement);
        // And an edit after xmlsec1 signed it is caught.
        var tampered = File.ReadAllText(output).Replace("role/Admin", "role/Evil", StringComparison.Ordinal);
        Assert.Equal(SamlTrustRule.SignatureInvalid,
            Assert.Throws<SamlVerificationException>(() => SignedSaml.Verifier(certificate).Verify(SignedSaml.Bytes(tampered))).Rule);
    }

    [PythonSamlFact]
    public async Task A_response_python3_saml_signed_verifies()
    {
        var input = Path.Combine(directory, "response.xml");
        var output = Path.Combine(directory, "signed.xml");
        File.WriteAllText(input, SamlResponseXml.Response());
        const string script = """
            import sys
            from onelogin.saml2.utils import OneLogin_Saml2_Utils as U
            from onelogin.saml2.constants import OneLogin_Saml2_Constants as C
            xml, key, cert = (open(p).read() for p in sys.argv[1:4])
            signed = U.add_sign(xml, key, cert, sign_algorithm=C.RSA_SHA256, digest_algorithm=C.SHA256)
            open(sys.argv[4], "wb").write(signed if isinstance(signed, bytes) else signed.encode())
            """;

        await RunAsync(PythonSamlFactAttribute.Python, "-c", script, input, keyPath, certificatePath, output);

        var verified = SignedSaml.Verifier(certificate).Verify(File.ReadAllBytes(output));
        Assert.Equal("Response", verified.Signature.SignedElement);
        Assert.Equal("jane@acme.example", verified.Assertion.Subject);
        // python3-saml's default is SHA-1: refused unless allowed.
        await RunAsync(PythonSamlFactAttribute.Python, "-c", script.Replace("sign_algorithm=C.RSA_SHA256, digest_algorithm=C.SHA256", "", StringComparison.Ordinal), input, keyPath, certificatePath, output);
        Assert.Equal(SamlTrustRule.Sha1, Assert.Throws<SamlVerificationException>(() => SignedSaml.Verifier(certificate).Verify(File.ReadAllBytes(output))).Rule);
        Assert.NotNull(SignedSaml.Verifier(certificate, allowSha1: true).Verify(File.ReadAllBytes(output)));
    }

    private static async Task RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, $"{Path.GetFileName(program)} exited {process.ExitCode}: {await stderr}{await stdout}");
    }

    public void Dispose()
    {
        certificate.Dispose();
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
}
