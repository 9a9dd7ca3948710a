using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Net;

/// <summary>
/// What a login says while it waits on the network and when a request fails (issue 23, item 12), through the real
/// command line against the sandbox on 127.0.0.1: a spinner naming what is awaited at a terminal, nothing extra
/// without one; each retry a <c>warning:</c> naming host:port, what happened in words and a hint; never a .NET
/// exception name without --verbose; and what <c>--http-timeout</c> bounds (each attempt), measured.
/// </summary>
public sealed class NetworkWaitTests
{
    private static readonly string[] Role = ["--aws-account-id", "222222222222", "--aws-role-name", "ReadOnly"];

    /// <summary>.NET exception type names, which mean nothing to a user.</summary>
    private static readonly Regex ExceptionName = new(@"\b\w*Exception\b");

    private static async Task<TestWorkspace> StartAsync()
    {
        var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        return ws;
    }

    private static Task<CliResult> LoginAsync(TestWorkspace ws, ScriptedInput? terminal = null, IReadOnlyDictionary<string, string?>? environment = null, params string[] extra) =>
        CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, .. extra]), terminal, environment);

    private static string HostOf(TestWorkspace ws) => $"127.0.0.1:{ws.Sandbox.BaseUrl.Port}";

    private static List<string> Lines(CliResult result) => [.. result.Stderr.Split('\n', '\r').Select(l => l.TrimEnd())];

    private static List<string> RetryLines(CliResult result) =>
        [.. Lines(result).Where(l => Regex.IsMatch(l, @"retry \d of 3"))];

    private static string ErrorLine(CliResult result)
    {
        var errors = Lines(result).Where(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        return errors[0];
    }

    /// <summary>Every retry line is a warning naming the host, the reason in words and a hint; no line names an exception type.</summary>
    private static void AssertSaidInWords(CliResult result, string host, string reason, string hint)
    {
        var retries = RetryLines(result);
        Assert.True(retries.Count == 3, result.ToString());
        foreach (var line in retries)
        {
            Assert.True(line.StartsWith("warning: ", StringComparison.Ordinal), line);
            Assert.True(line.Contains(host, StringComparison.Ordinal), line);
            Assert.True(Regex.IsMatch(line, reason), $"\"{reason}\" not in: {line}");
            Assert.True(line.Contains(hint, StringComparison.Ordinal), line);
        }
        Assert.True(ErrorLine(result).Contains(host, StringComparison.Ordinal), result.ToString());
        Assert.True(Regex.IsMatch(ErrorLine(result), reason), result.ToString());
        Assert.False(ExceptionName.IsMatch(result.Stderr), result.ToString());
    }

    [Fact]
    public async Task A_hung_sts_is_named_with_its_host_and_no_answer_in_each_retry_warning_and_the_error()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { Hang = true, Times = 10 });

        var result = await LoginAsync(ws, extra: ["--http-timeout", "1"]);

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        AssertSaidInWords(result, HostOf(ws), "no answer within 1 s|did not answer within 1 s", "--http-timeout");
        // Without a terminal nothing is drawn while waiting: only the retry lines and the error.
        Assert.DoesNotContain("waiting for", result.Stderr);
    }

    [Fact]
    public async Task A_refused_sts_connection_is_said_in_words_naming_the_host()
    {
        await using var ws = await StartAsync();
        var closed = ClosedLoopbackPort();
        var sts = $"127.0.0.1:{closed}";

        var result = await LoginAsync(ws, environment: new Dictionary<string, string?> { ["AWS_ENDPOINT_URL_STS"] = $"http://{sts}" });

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        AssertSaidInWords(result, sts, "connection refused", "check");
    }

    [Fact]
    public async Task A_reset_sts_connection_is_said_in_words_naming_the_host()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { ResetConnection = true, Times = 10 });

        var result = await LoginAsync(ws);

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        AssertSaidInWords(result, HostOf(ws), "connection (reset|closed)", "check");
    }

    [Fact]
    public async Task A_hung_token_call_is_named_with_its_host_in_each_retry_warning()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault { Hang = true, Times = 10 });

        var result = await LoginAsync(ws, extra: ["--http-timeout", "1"]);

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        AssertSaidInWords(result, HostOf(ws), "no answer within 1 s|did not answer within 1 s", "--http-timeout");
        Assert.All(RetryLines(result), l => Assert.StartsWith("warning: OneLogin", l));
    }

    [Fact]
    public async Task Http_timeout_bounds_each_attempt_so_a_slow_sts_costs_four_timeouts_plus_the_printed_backoff()
    {
        await using var ws = await StartAsync();
        // Headers at once, then a byte a second, never finishing: each attempt is cut at --http-timeout.
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(200) { SlowBodyByteInterval = TimeSpan.FromSeconds(1), Times = 10 });
        var clock = Stopwatch.StartNew();

        var result = await LoginAsync(ws, extra: ["--http-timeout", "3"]);
        var total = clock.Elapsed;
        Console.WriteLine($"--http-timeout 3 against a slow STS body: {total.TotalSeconds:0.00} s");

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        AssertSaidInWords(result, HostOf(ws), "no answer within 3 s|did not answer within 3 s", "--http-timeout");
        // A request the client abandoned is journaled when the sandbox notices, a moment after the client's error.
        for (var i = 0; i < 100 && ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml) < 4; i++) await Task.Delay(50);
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        // docs/RELIABILITY.md: --http-timeout bounds one attempt; a login that always times out waits
        // 4 attempts × the timeout + the backoff between them (each printed in its retry line), until --network-deadline.
        var backoff = RetryLines(result).Sum(l => double.Parse(Regex.Match(l, @"in (\d+\.\d) s").Groups[1].Value, CultureInfo.InvariantCulture));
        var expected = TimeSpan.FromSeconds(4 * 3 + backoff);
        Assert.True(total >= expected - TimeSpan.FromSeconds(0.5) && total <= expected + TimeSpan.FromSeconds(3),
            $"took {total.TotalSeconds:0.0} s; expected 4 × 3 s + {backoff:0.0} s of backoff = {expected.TotalSeconds:0.0} s\n{result}");
    }

    [Fact]
    public async Task At_a_terminal_a_wait_shows_what_is_awaited()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault { Hang = true, Times = 10 });

        var result = await LoginAsync(ws, new ScriptedInput(), extra: ["--aws-region", "us-east-1", "--http-timeout", "3", "--network-deadline", "4"]);

        Assert.True(result.ExitCode == ExitCodes.Network, result.ToString());
        Assert.Contains($"waiting for AWS STS ({HostOf(ws)}) AssumeRoleWithSAML", result.Stderr);
        // The spinner's line is erased before the next line is written: no line starts with the spinner's text and
        // ends with a warning glued to it.
        Assert.DoesNotContain(Lines(result), l => l.Contains("waiting for", StringComparison.Ordinal) && l.Contains("warning:", StringComparison.Ordinal));
    }

    /// <summary>A loopback port nothing listens on: bound, noted, closed.</summary>
    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
