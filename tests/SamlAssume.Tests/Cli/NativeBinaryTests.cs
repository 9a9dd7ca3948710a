using SamlAssume.Sandbox;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// The NativeAOT executable end to end, with nothing of ours in-process: its own <c>samlassume sandbox</c> signs the
/// assertions and checks them as STS, its <c>login</c> verifies the signature against the pinned IdP certificate,
/// the real AWS CLI runs its <c>credential-process</c>. Whatever trimming or AOT compilation broke fails here.
/// </summary>
public sealed class NativeBinaryTests : IAsyncLifetime
{
    private readonly string root = Directory.CreateTempSubdirectory("samlassume-native-").FullName;
    private string Binary => ProfileSetup.NativeBinary!;
    private string Home => Path.Combine(root, "home");
    private Process? sandbox;
    private Uri sandboxUrl = null!;

    public Task InitializeAsync()
    {
        Directory.CreateDirectory(Home);
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        if (sandbox is { HasExited: false }) sandbox.Kill(entireProcessTree: true);
        sandbox?.Dispose();
        Directory.Delete(root, recursive: true);
        return Task.CompletedTask;
    }

    private async Task<CliResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = Home;
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Starts <c>samlassume sandbox --port 0</c> and waits for the address it prints.</summary>
    private async Task StartSandboxAsync()
    {
        var start = new ProcessStartInfo(Binary, ["sandbox", "--port", "0"]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.Environment["HOME"] = Home;
        sandbox = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await sandbox.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            const string marker = "listening on ";
            var at = line.IndexOf(marker, StringComparison.Ordinal);
            if (at < 0) continue;
            sandboxUrl = new Uri(line[(at + marker.Length)..].Trim());
            _ = sandbox.StandardOutput.ReadToEndAsync();
            _ = sandbox.StandardError.ReadToEndAsync();
            return;
        }
        throw new InvalidOperationException("samlassume sandbox exited without saying where it listens: " + await sandbox.StandardError.ReadToEndAsync());
    }

    /// <summary>A config directory for the sandbox's default tenant, signing in as <paramref name="user"/>.</summary>
    private string Config(string name, string user)
    {
        var directory = Path.Combine(root, name);
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "onelogin.sdk.json"), JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["client_id"] = "sandbox-client-id", ["client_secret"] = "sandbox-client-secret", ["region"] = "us", ["api_url"] = sandboxUrl.ToString().TrimEnd('/'),
        }));
        File.WriteAllText(Path.Combine(directory, "onelogin.aws.json"), JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["app_id"] = "424242", ["subdomain"] = "sandbox", ["username"] = user,
            ["profiles"] = new Dictionary<string, object>
            {
                ["native-cp"] = new Dictionary<string, string> { ["aws_account_id"] = "333333333333", ["aws_role_name"] = "Developer", ["aws_region"] = "eu-west-1" },
            },
        }));
        return directory;
    }

    private Dictionary<string, string> Environment(string password) => new()
    {
        ["ONELOGIN_PASSWORD"] = password,
        ["AWS_ENDPOINT_URL_STS"] = sandboxUrl.ToString(),
        ["XDG_CACHE_HOME"] = Path.Combine(root, "cache"),
    };

    [NativeBinaryFact]
    public async Task The_demo_signs_in_against_its_built_in_sandbox()
    {
        var demo = await RunAsync(new Dictionary<string, string>(), "demo");

        Assert.True(demo.ExitCode == 0, demo.ToString());
        Assert.StartsWith("arn:aws:sts::111111111111:assumed-role/ReadOnly/", demo.Stdout.Trim());
    }

    [NativeBinaryFact]
    public async Task Help_lists_the_commands()
    {
        var help = await RunAsync(new Dictionary<string, string>(), "--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var command in new[] { "login", "credential-process", "sandbox", "demo", "assertion" }) Assert.Contains(command, help.Stdout);
    }

    [NativeBinaryFact]
    public async Task A_login_with_MFA_against_the_native_sandbox_verifies_the_pinned_signature_and_writes_the_profile()
    {
        await StartSandboxAsync();
        var config = Config("mfa", "mfa@example.com");
        var pin = await RunAsync(Environment("unused"), "idp-cert", "--yes", "-c", config);
        Assert.True(pin.ExitCode == 0, pin.ToString());
        Assert.Contains("idp_certificate_sha256", File.ReadAllText(Path.Combine(config, "onelogin.aws.json")));

        var credentials = Path.Combine(root, "credentials");
        var assertion = Path.Combine(root, "assertion.b64");
        var login = await RunAsync(Environment("mfa-password"), "login", "-c", config, "--mfa-device", "6007", "--otp", "246810",
            "-p", "native", "-f", credentials, "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1",
            "--save-assertion", assertion, "--verbose");

        Assert.True(login.ExitCode == 0, login.ToString());
        var written = File.ReadAllText(credentials);
        Assert.Contains("[native]", written);
        Assert.Contains("aws_session_token", written);

        // The saved assertion passes every rule in `assertion inspect` with the pinned certificate …
        var inspect = await RunAsync(new Dictionary<string, string>(), "assertion", "inspect", "-c", config, "--json", assertion);
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        using (var report = JsonDocument.Parse(inspect.Stdout))
            Assert.Equal("verified", report.RootElement.GetProperty("verification").GetProperty("result").GetString());

        // … and one changed claim is refused by the client's verifier and by the native sandbox's STS alike.
        var xml = Encoding.UTF8.GetString(Convert.FromBase64String(File.ReadAllText(assertion).Trim()));
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes(xml.Replace("role/ReadOnly,", "role/Admin,")));
        Assert.NotEqual(xml, Encoding.UTF8.GetString(Convert.FromBase64String(forged)));
        File.WriteAllText(assertion, forged);
        var refused = await RunAsync(new Dictionary<string, string>(), "assertion", "inspect", "-c", config, assertion);
        Assert.True(refused.ExitCode == 3, refused.ToString());
        Assert.Contains("(signature-invalid)", refused.Stderr);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        using var sts = await http.PostAsync(sandboxUrl, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Action"] = "AssumeRoleWithSAML", ["Version"] = "2011-06-15", ["SAMLAssertion"] = forged,
            ["RoleArn"] = "arn:aws:iam::111111111111:role/Admin", ["PrincipalArn"] = "arn:aws:iam::111111111111:saml-provider/onelogin",
        }));
        var body = await sts.Content.ReadAsStringAsync();
        Assert.Equal(400, (int)sts.StatusCode);
        Assert.True(body.Contains("Response signature invalid"), body);
    }

    [NativeBinaryFact(awsCli: true)]
    public async Task The_AWS_CLI_gets_credentials_from_the_native_credential_process_then_from_its_cache()
    {
        await StartSandboxAsync();
        var config = Config("cp", "demo@example.com");
        var awsConfig = Path.Combine(root, "aws-config");
        File.WriteAllText(awsConfig, $"""
            [profile hub]
            credential_process = "{Binary}" credential-process --profile native-cp -c "{config}"
            region = eu-west-1
            """);
        var environment = Environment("demo-password");
        environment["AWS_CONFIG_FILE"] = awsConfig;
        environment["AWS_SHARED_CREDENTIALS_FILE"] = Path.Combine(root, "no-credentials");
        environment["AWS_DATA_PATH"] = AwsCliEndpointRules.Write(root, sandboxUrl);

        for (var run = 0; run < 2; run++)
        {
            var identity = await AwsCli.RunAsync(Home, environment, "sts", "get-caller-identity", "--profile", "hub", "--output", "json");
            Assert.True(identity.ExitCode == 0, identity.Stderr);
            using var json = JsonDocument.Parse(identity.Stdout);
            Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", json.RootElement.GetProperty("Arn").GetString());
        }
        Assert.True(File.Exists(Path.Combine(root, "cache", "samlassume", "credentials", "native-cp.json")));
    }
}
