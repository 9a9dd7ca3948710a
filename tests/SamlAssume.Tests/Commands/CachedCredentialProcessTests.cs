using Microsoft.Extensions.Time.Testing;
using System.Text;
using SamlAssume.Commands;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary>
/// The cached credential_process fast path (CachedCredentialProcess, tried by Program before the command tree):
/// it answers exactly what the full command line answers, leaves everything else to it, and — checked on the real
/// process — loads no AWS SDK, Spectre.Console, HTTP stack, command-line parser or JSON serializer.
/// </summary>
public sealed class CachedCredentialProcessTests
{
    private static string[] Args(TestWorkspace ws, params string[] extra) =>
        ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory, .. extra];

    /// <summary>A workspace whose profile has fresh cached credentials, put there by the full path's sign-in.</summary>
    private static async Task<(TestWorkspace Ws, string FullPathStdout)> SignedInAsync()
    {
        var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var first = await CliRun.RunAsync(ws, Args(ws), environment: ProfileSetup.Password("demo-password"));
        Assert.True(first.ExitCode == 0, first.ToString());
        return (ws, first.Stdout);
    }

    private static (int? ExitCode, string Stdout) Serve(TestWorkspace ws, string[] args, DateTimeOffset? now = null)
    {
        using var stdout = new MemoryStream();
        var exit = CachedCredentialProcess.TryServe(args, ProcessEnvironment.Of(ws.Environment), ws.Home, ws.WorkingDirectory,
            now is { } at ? new FakeTimeProvider(at) : TimeProvider.System, stdout, () => TextWriter.Null);
        return (exit, Encoding.UTF8.GetString(stdout.ToArray()));
    }

    [Fact]
    public async Task A_hit_answers_byte_for_byte_what_the_full_path_answers()
    {
        var (ws, fullPath) = await SignedInAsync();
        await using var _ = ws;

        var fromCacheFullPath = await CliRun.RunAsync(ws, Args(ws));
        var fast = Serve(ws, Args(ws));
        var fastOtherForms = Serve(ws, ["credential-process", "--min-remaining=30", "-p", ProfileSetup.Profile, "--http-timeout", "5", "--mfa-device", "Duo", $"--config-file-path={ws.ConfigDirectory}"]);

        Assert.Equal(0, fast.ExitCode);
        Assert.Equal(fullPath, fast.Stdout);
        Assert.Equal(fromCacheFullPath.Stdout, fast.Stdout);
        Assert.Equal(0, fastOtherForms.ExitCode);
        Assert.Equal(fullPath, fastOtherForms.Stdout);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_miss_writes_nothing_and_leaves_the_sign_in_to_the_full_path()
    {
        var (ws, _) = await SignedInAsync();
        await using var __ = ws;

        // The sandbox issues 60-minute credentials: 41 minutes on, 19 are left, fewer than the 20 asked for.
        Assert.Equal((null, ""), Serve(ws, Args(ws, "--min-remaining", "20"), now: DateTimeOffset.UtcNow.AddMinutes(41)));
        // Asking for more than half their lifetime asks for half (30 min): 31 minutes on, 29 are left.
        Assert.Equal((null, ""), Serve(ws, Args(ws, "--min-remaining", "61"), now: DateTimeOffset.UtcNow.AddMinutes(31)));
        // Fresh now, but not 50 minutes from now with the default 15 minutes asked for.
        Assert.Equal((null, ""), Serve(ws, Args(ws), now: DateTimeOffset.UtcNow.AddMinutes(50)));
        Assert.Equal((null, ""), Serve(ws, ["credential-process", "--profile", "sandbox-prod"]));
        var full = await CliRun.RunAsync(ws, Args(ws, "--min-remaining", "20"), environment: ProfileSetup.Password("demo-password"), clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(41)));
        Assert.True(full.ExitCode == 0, full.ToString());
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    public static TheoryData<string[]> NotThePlainForm => new()
    {
        new[] { "credential-process", "--profile", "sandbox-dev", "--verbose" },
        new[] { "credential-process", "--profile", "sandbox-dev", "-v" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--help" },
        new[] { "credential-process", "--help" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--profile", "sandbox-prod" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--min-remaining", "721" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--min-remaining", "-1" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--min-remaining", "1.5" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--http-timeout", "soon" },
        new[] { "credential-process", "--profile", "sandbox-dev", "--unknown", "x" },
        new[] { "credential-process", "--profile", "sandbox-dev", "extra" },
        new[] { "credential-process", "--profile", "sandbox-dev", "-c" },
        new[] { "credential-process", "--profile", "--verbose" },
        new[] { "credential-process", "--profile", "" },
        new[] { "credential-process", "--profile", "@response-file" },
        new[] { "credential-process", "--", "--profile", "sandbox-dev" },
        new[] { "credential-process", "--min-remaining", "15" },
        new[] { "env", "--profile", "sandbox-dev" },
        new[] { "--profile", "sandbox-dev", "credential-process" },
    };

    [Theory]
    [MemberData(nameof(NotThePlainForm))]
    public async Task Anything_but_the_plain_form_falls_back_with_nothing_written(string[] args)
    {
        var (ws, _) = await SignedInAsync();
        await using var __ = ws;

        Assert.Equal((null, ""), Serve(ws, args));
    }

    [Fact]
    public async Task The_real_process_serves_a_hit_without_loading_the_heavy_assemblies()
    {
        var (ws, fullPath) = await SignedInAsync();
        await using var _ = ws;
        var report = Path.Combine(ws.Root, "assemblies.txt");

        var hit = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?> { [LoadedAssemblyReport.Variable] = report }, Args(ws));

        Assert.True(hit.ExitCode == 0, hit.ToString());
        Assert.Equal(fullPath, hit.Stdout);
        Assert.Equal("", hit.Stderr);
        var loaded = File.ReadAllLines(report);
        Assert.Contains("samlassume", loaded);
        foreach (var heavy in new[] { "AWSSDK.", "Spectre.Console", "System.Net.Http", "System.Net.Sockets", "System.CommandLine", "System.Text.Json", "YamlDotNet", "SamlAssume.IdP", "SamlAssume.Sandbox", "Microsoft.AspNetCore" })
        {
            Assert.DoesNotContain(loaded, name => name.StartsWith(heavy, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task The_real_process_falls_back_to_the_full_path_with_the_same_answer()
    {
        var (ws, fullPath) = await SignedInAsync();
        await using var _ = ws;
        var report = Path.Combine(ws.Root, "assemblies.txt");

        // --verbose is not the plain form: the full command line answers, from the same cache.
        var verbose = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?> { [LoadedAssemblyReport.Variable] = report }, Args(ws, "--verbose"));

        Assert.True(verbose.ExitCode == 0, verbose.ToString());
        Assert.Equal(fullPath, verbose.Stdout);
        Assert.Contains("cached credentials for [sandbox-dev] valid until", verbose.Stderr);
        // The report sees what the full path loads, so its silence on the fast path means something.
        var loaded = File.ReadAllLines(report);
        Assert.Contains("System.CommandLine", loaded);
        Assert.Contains("Spectre.Console", loaded);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }
}
