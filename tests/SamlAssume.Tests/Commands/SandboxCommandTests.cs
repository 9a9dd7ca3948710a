using System.Net.Sockets;
using System.Net;
using System.Text.RegularExpressions;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary><c>samlassume sandbox</c> as a person uses it: codes on its console, AWS CLI 2.9 rules, start-up errors.</summary>
public sealed class SandboxCommandTests
{
    [Fact]
    public async Task An_SMS_code_is_printed_on_the_sandbox_console_and_finishes_the_login_by_hand()
    {
        var announced = new List<string>();
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Announce = line => { lock (announced) announced.Add(line); } });
        ws.WithSdkConfig();
        // The person reads the code off the sandbox's console and types it.
        var keys = new ScriptedInput().LineFrom(() =>
        {
            lock (announced) return Regex.Match(announced.Last(), @"^SMS code for mfa@example\.com \(OneLogin SMS, device 6002\): (\d{6}), valid \d+ s$").Groups[1].Value;
        });

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("mfa@example.com", "mfa-password", "-p", "m", "--mfa-device", "sms",
            "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1"), keys, ansi: false);

        Assert.True(result.ExitCode == 0, result.ToString() + string.Join("\n", announced));
        Assert.Single(announced);
        Assert.Equal(ws.Sandbox.Journal.LastCodeSent("mfa@example.com", 6002), Regex.Match(announced[0], @": (\d{6}),").Groups[1].Value);
    }

    [Fact]
    public async Task The_banner_explains_pushes_and_aws_cli_data_dir_writes_the_sts_rules()
    {
        var dataDir = Path.Combine(Path.GetTempPath(), "samlassume-aws-data-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var cts = new CancellationTokenSource();
            var output = new StringWriter();
            var run = SandboxProgram.RunAsync(new SandboxOptions(), TextWriter.Synchronized(output), cts.Token, dataDir);
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!output.ToString().Contains("Ctrl+C") && DateTime.UtcNow < deadline) await Task.Delay(20);
            await cts.CancelAsync();
            Assert.Equal(0, await run);

            var text = output.ToString();
            var url = Regex.Match(text, @"listening on (http://127\.0\.0\.1:\d+)/").Groups[1].Value;
            Assert.Contains($"export AWS_DATA_PATH={dataDir}", text);
            Assert.Contains("mfa@example.com device 6001: approved after 1 s", text);
            Assert.Contains("push-deny@example.com device 7001: denied", text);
            Assert.Contains("push-never@example.com device 7002: never answered", text);
            var rules = File.ReadAllText(Path.Combine(dataDir, "sts", "2011-06-15", "endpoint-rule-set-1.json"));
            Assert.Contains($"\"url\": \"{url}\"", rules);
        }
        finally
        {
            if (Directory.Exists(dataDir)) Directory.Delete(dataDir, recursive: true);
        }
    }

    [Fact]
    public async Task Start_up_errors_are_one_line_and_exit_2()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var badTenant = Path.Combine(ws.Root, "tenant.json");
        File.WriteAllText(badTenant, "{ \"users\": [");
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        foreach (var (args, expected) in new[]
        {
            (new[] { "sandbox", "--port", "70000" }, "--port must be between 0 and 65535"),
            (new[] { "sandbox", "--tenant", badTenant }, $"--tenant: {badTenant} is not a valid tenant file"),
            (new[] { "sandbox", "--port", port.ToString() }, $"--port {port}: cannot listen"),
        })
        {
            var result = await ws.RunAsync(args);
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
            Assert.Contains(expected, result.Stderr);
        }
    }

    [Fact]
    public async Task The_signing_key_is_kept_so_an_idp_cert_pin_survives_a_restart()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var keyDir = Path.Combine(ws.Root, "keys");
        string[] login = [.. ws.LoginArgs("demo@example.com", "demo-password", "-p", "x", "-v", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly")];
        string pinned;
        await using (var first = await RunningSandbox.StartAsync(ws, ["--key-dir", keyDir]))
        {
            first.WriteSdkConfig(ws);
            var pin = await ws.RunAsync("idp-cert", "-c", ws.ConfigDirectory, "--app-id", ws.AppId, "--yes");
            Assert.True(pin.ExitCode == 0, pin.ToString());
            pinned = Regex.Match(pin.Stdout, @"SHA-256:\s+(\S+)").Groups[1].Value;
            Assert.Equal(first.Fingerprint, pinned);
            Assert.Contains($"kept in {keyDir}", first.Banner);
        }

        await using (var restarted = await RunningSandbox.StartAsync(ws, ["--key-dir", keyDir]))
        {
            Assert.Equal(pinned, restarted.Fingerprint);
            restarted.WriteSdkConfig(ws);
            var result = await CliRun.RunAsync(ws, login, environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = restarted.ApiUrl });
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.Contains("assertion verified", result.Stderr);
        }

        // Another key directory is another key: the pin refuses it, so the pin above held because the key was kept.
        await using (var other = await RunningSandbox.StartAsync(ws, ["--key-dir", Path.Combine(ws.Root, "other-keys")]))
        {
            Assert.NotEqual(pinned, other.Fingerprint);
            other.WriteSdkConfig(ws);
            var result = await CliRun.RunAsync(ws, login, environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = other.ApiUrl });
            Assert.True(result.ExitCode == ExitCodes.SignInRefused, result.ToString());
            Assert.Contains($"not the pinned {pinned}", result.Stderr);
        }
    }

    [Fact]
    public async Task Without_key_dir_the_key_is_kept_owner_only_under_the_cache_directory()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var cache = Path.Combine(ws.Root, "xdg-cache");
        var environment = new Dictionary<string, string?> { ["XDG_CACHE_HOME"] = cache };
        string first;
        await using (var sandbox = await RunningSandbox.StartAsync(ws, [], environment)) first = sandbox.Fingerprint;
        await using (var sandbox = await RunningSandbox.StartAsync(ws, [], environment)) Assert.Equal(first, sandbox.Fingerprint);

        var keyFile = Path.Combine(cache, "samlassume", "sandbox", "idp-signing.pem");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
        }

        // A damaged key file is one line naming it, not a stack trace or a silently different key.
        File.WriteAllText(keyFile, "not a key");
        var damaged = await CliRun.RunAsync(ws, ["sandbox"], environment: environment);
        Assert.True(damaged.ExitCode == ExitCodes.Usage, damaged.ToString());
        Assert.Single(damaged.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains($"{keyFile} is not a PEM certificate with its RSA key", damaged.Stderr);
    }
}
