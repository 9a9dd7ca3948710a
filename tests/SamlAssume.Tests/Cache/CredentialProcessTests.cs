using Microsoft.Extensions.Time.Testing;
using System.Text.Json;
using SamlAssume.Cache;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cache;

/// <summary><c>samlassume credential-process</c> through the real command line against the sandbox.</summary>
public sealed class CredentialProcessTests
{
    private static string[] Args(TestWorkspace ws, params string[] extra) =>
        ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory, .. extra];

    [Fact]
    public async Task Prints_only_the_credential_process_json_and_serves_the_next_call_from_the_cache()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var first = await CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password"));
        var second = await CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        using var json = JsonDocument.Parse(first.Stdout);
        Assert.Equal(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"], json.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, json.RootElement.GetProperty("Version").GetInt32());
        Assert.StartsWith("ASIA", json.RootElement.GetProperty("AccessKeyId").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", json.RootElement.GetProperty("Expiration").GetString());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));

        // The cache file: owner-only, in an owner-only directory, with exactly the documented fields.
        var path = ws.CachedCredentialsPath();
        using var cached = JsonDocument.Parse(File.ReadAllText(path));
        Assert.Equal(["Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration", "AssumedRoleArn", "Region", "Issued", "Settings", "Inputs"], cached.RootElement.EnumerateObject().Select(p => p.Name));
        // Issued is STS's Date for the answer: the lifetime it gives is what the sandbox granted (3600 s).
        Assert.Equal(3600, (DateTimeOffset.Parse(cached.RootElement.GetProperty("Expiration").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            - DateTimeOffset.Parse(cached.RootElement.GetProperty("Issued").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).TotalSeconds, 2.0);
        Assert.Equal("eu-west-1", cached.RootElement.GetProperty("Region").GetString());
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", cached.RootElement.GetProperty("AssumedRoleArn").GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(CachePaths.OwnerOnlyDirectory, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
            Assert.Equal(CachePaths.OwnerOnlyDirectory, File.GetUnixFileMode(Path.Combine(ws.CacheHome(), "samlassume")));
        }
    }

    [Fact]
    public async Task Signs_in_again_when_less_than_min_remaining_is_left()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var first = await CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password"));
        // The sandbox issues 60-minute credentials. 31 minutes on, 29 are left: more than the 20 asked for (served)…
        var served = await CliRun.RunAsync(ws, Args(ws, "--min-remaining", "20"), environment: ProfileSetup.Password("demo-password"), clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(31)));
        // …41 minutes on, 19 are left: fewer (a new sign-in). --min-remaining 61 is capped at half the lifetime, so it would do the same.
        var second = await CliRun.RunAsync(ws, Args(ws, "--min-remaining", "20"), environment: ProfileSetup.Password("demo-password"), clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(41)));

        Assert.Equal(first.Stdout, served.Stdout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(first.Stdout, second.Stdout);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Prompts_and_mfa_go_to_the_terminal_and_stdout_stays_json()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles("otp@example.com");
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);
        // otp@ has 333333333333/Admin only; point the profile there.
        ws.WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId, ["subdomain"] = "sandbox", ["username"] = "otp@example.com",
            ["profiles"] = new Dictionary<string, object?> { [ProfileSetup.Profile] = new Dictionary<string, object?> { ["aws_account_id"] = "333333333333", ["aws_role_name"] = "Admin" } },
        });
        var terminal = new ScriptedTerminal(new ScriptedInput().Line("otp-password").Line(code));

        var result = await CliRun.RunAsync(ws, Args(ws), openTerminal: terminal.Open);

        Assert.True(result.ExitCode == 0, result + "\n--- terminal ---\n" + terminal.Screen);
        Assert.StartsWith("{\"Version\":1,", result.Stdout);
        Assert.Equal("", result.Stderr);
        Assert.Contains("OneLogin password:", terminal.Screen);
        Assert.Contains("Code from your", terminal.Screen);
        Assert.DoesNotContain("otp-password", terminal.Screen);
        Assert.Equal(0, terminal.Keys.Remaining);
    }

    [Fact]
    public async Task Without_a_terminal_or_a_cached_credential_fails_with_one_line()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, Args(ws)); // no ONELOGIN_PASSWORD, no terminal

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("samlassume: error: no valid cached credentials for [sandbox-dev] and no terminal", line);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_corrupt_cache_file_is_a_miss_not_an_error()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CachedCredentialsPath())!);
        File.WriteAllText(ws.CachedCredentialsPath(), "{\"Version\":1,\"AccessKeyId\":");

        var result = await CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(JsonSerializer.Deserialize(File.ReadAllBytes(ws.CachedCredentialsPath()), CacheJsonContext.Default.CachedCredentials));
    }

    [Fact]
    public async Task Twenty_at_once_in_process_sign_in_once()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            Task.Run(() => CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password")))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Twenty_child_processes_at_once_sign_in_once_and_do_one_mfa()
    {
        await using var ws = await TestWorkspace.StartAsync();
        // otp@ needs an authenticator code, so every sign-in would also show as a verify_factor call.
        ws.WithProfiles("otp@example.com");
        ws.WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId, ["subdomain"] = "sandbox", ["username"] = "otp@example.com",
            ["profiles"] = new Dictionary<string, object?> { [ProfileSetup.Profile] = new Dictionary<string, object?> { ["aws_account_id"] = "333333333333", ["aws_role_name"] = "Admin" } },
        });
        var code = Totp.Compute("JBSWY3DPEHPK3PXP", DateTimeOffset.UtcNow);
        var environment = new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "otp-password", ["ONELOGIN_OTP"] = code };

        var runs = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ =>
            ProfileSetup.RunChildAsync(ws, environment, Args(ws))));

        Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
        Assert.Single(runs.Select(r => r.Stdout).Distinct());
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.VerifyFactor));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }
}
