using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using SamlAssume.Tests.Mfa;
using static SamlAssume.Tests.Infrastructure.MfaTenant;

namespace SamlAssume.Tests.Cli;

/// <summary>
/// Failure paths through the real command line against the sandbox (issue 12): every wait bounded (slow bodies, the
/// login's network deadline), special and read-only files refused before a password is sent, push polls that survive
/// a 429, and known failures reported as one line with a documented exit code. Counts come from the sandbox's journal.
/// </summary>
public sealed class FailurePathTests
{
    private static readonly string[] Role = ["--aws-account-id", "222222222222", "--aws-role-name", "ReadOnly"];

    private static async Task<TestWorkspace> StartAsync(SandboxOptions? options = null)
    {
        var ws = await TestWorkspace.StartAsync(options);
        ws.WithSdkConfig();
        return ws;
    }

    private static Task<CliResult> LoginAsync(TestWorkspace ws, CancellationToken cancellationToken, params string[] extra) =>
        CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, .. extra]), cancellationToken: cancellationToken);

    private static string OnlyErrorLine(CliResult result)
    {
        var errors = result.Stderr.Split('\n').Where(l => l.StartsWith("samlassume: error:", StringComparison.Ordinal)).ToList();
        Assert.True(errors.Count == 1, result.ToString());
        Assert.DoesNotContain("   at ", result.Stderr);
        return errors[0];
    }

    /// <summary>A request the client abandoned is journaled when the sandbox notices, a moment after the client's error.</summary>
    private static async Task<JournalEntry> SettledAsync(TestWorkspace ws, string endpoint, int count = 1)
    {
        for (var i = 0; i < 100 && ws.Sandbox.Journal.Count(endpoint) < count; i++) await Task.Delay(50);
        return ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == endpoint).ElementAt(count - 1);
    }

    private static void RunTool(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true };
        foreach (var a in args) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {process.StandardError.ReadToEnd()}");
    }

    private static bool IsRoot => !OperatingSystem.IsWindows() && Files.PathStatus.CurrentUserId == 0;

    // ---- Item 2: every wait is bounded ----

    [Fact]
    public async Task A_slow_body_on_the_password_call_fails_within_the_http_timeout_plus_one_second()
    {
        await using var ws = await StartAsync();
        // Headers at once, then a byte every 2 s: HttpClient.Timeout alone stops at the headers and waits forever.
        ws.Sandbox.Faults.Add(SandboxEndpoints.SamlAssertion, new SandboxFault(200) { SlowBodyByteInterval = TimeSpan.FromSeconds(2) });
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await LoginAsync(ws, safety.Token, "--http-timeout", "2");

        Assert.False(safety.IsCancellationRequested, "the login never ended: the body was not covered by --http-timeout");
        Assert.Equal(ExitCodes.Network, result.ExitCode);
        Assert.Contains("did not answer within 2 s", OnlyErrorLine(result));
        var entry = await SettledAsync(ws, SandboxEndpoints.SamlAssertion);
        Assert.Equal("slow_body", entry.Fields["fault"]);
        // The sandbox's own timing of that request: from its arrival until the client hung up.
        var served = entry.Time - DateTimeOffset.Parse(entry.Fields["started"], CultureInfo.InvariantCulture);
        Assert.True(served < TimeSpan.FromSeconds(3), $"the slow body was read for {served.TotalSeconds:0.0} s with --http-timeout 2");
        // The password call is never retried, slow or not.
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_slow_sts_body_is_cut_per_attempt_and_the_network_deadline_ends_the_login()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(200) { SlowBodyByteInterval = TimeSpan.FromSeconds(1), Times = 10 });
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await LoginAsync(ws, safety.Token, "--http-timeout", "2", "--network-deadline", "5");

        Assert.False(safety.IsCancellationRequested, "the login never ended");
        Assert.Equal(ExitCodes.Network, result.ExitCode);
        Assert.True(OnlyErrorLine(result).Contains("--network-deadline", StringComparison.Ordinal), result.ToString());
        await SettledAsync(ws, SandboxEndpoints.AssumeRoleWithSaml);
        // 2 s per attempt against a 5 s allowance: the third attempt is cut short, and no fourth is made.
        Assert.InRange(ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml), 2, 3);
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_hung_token_endpoint_costs_the_network_deadline_not_four_timeouts()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.Token, new SandboxFault { Hang = true, Times = 10 });
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var result = await LoginAsync(ws, safety.Token, "--http-timeout", "3", "--network-deadline", "4");

        Assert.Equal(ExitCodes.Network, result.ExitCode);
        Assert.Contains("gave up after 4 s of network time", OnlyErrorLine(result));
        await SettledAsync(ws, SandboxEndpoints.Token, 2);
        // 3 s, then the 1 s left: two tries (a third when the jittered backoff is short enough to start one before the
        // deadline cuts it), where --http-timeout alone allows four (12 s) — as the slow-STS test above counts.
        Assert.InRange(ws.Sandbox.Journal.Count(SandboxEndpoints.Token), 2, 3);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("3601")]
    public async Task A_network_deadline_out_of_range_is_a_usage_error(string value)
    {
        await using var ws = await StartAsync();
        var result = await LoginAsync(ws, CancellationToken.None, "--network-deadline", value);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("--network-deadline must be between 1 and 3600 seconds", OnlyErrorLine(result));
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [Fact]
    public async Task A_fifo_where_the_credentials_file_should_be_is_refused_before_any_password_is_sent()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var ws = await StartAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        RunTool("mkfifo", ws.CredentialsPath);
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        // Opening a FIFO for reading blocks until a writer comes: refusing it must not open it.
        var result = await LoginAsync(ws, safety.Token);

        Assert.False(safety.IsCancellationRequested, "the login hung on the FIFO");
        Assert.Equal(ExitCodes.CredentialsFile, result.ExitCode);
        Assert.Contains("is a FIFO (named pipe), not a regular file", OnlyErrorLine(result));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(Files.PathKind.Other, Files.PathStatus.Of(ws.CredentialsPath, followLinks: false)!.Value.Kind);
    }

    // ---- Item 7: a read-only credentials file is respected ----

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead)] // 0444
    [InlineData(UnixFileMode.UserRead)]                                                   // 0400
    public async Task A_read_only_credentials_file_is_left_untouched_with_exit_7(UnixFileMode mode)
    {
        if (OperatingSystem.IsWindows()) return;
        await using var ws = await StartAsync();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        const string Content = "[default]\naws_access_key_id = AKIALONGLIVED\n";
        File.WriteAllText(ws.CredentialsPath, Content);
        File.SetUnixFileMode(ws.CredentialsPath, mode);

        // Run as root too (CI): the mode is checked, not left to open() failing.
        var result = await LoginAsync(ws, CancellationToken.None);

        Assert.Equal(ExitCodes.CredentialsFile, result.ExitCode);
        Assert.Contains("is read-only (mode 0", OnlyErrorLine(result));
        Assert.Equal(Content, File.ReadAllText(ws.CredentialsPath));
        Assert.Equal(mode, File.GetUnixFileMode(ws.CredentialsPath));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_write_that_fails_after_sts_answered_keeps_the_credentials_in_the_cache_and_says_how_to_get_them()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var ws = await StartAsync();
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        // Writable and regular, so the login goes ahead; but a duplicate section, which the write refuses unrepaired.
        File.WriteAllText(ws.CredentialsPath, "[a]\nk = v\n[a]\nk = w\n");
        var result = await LoginAsync(ws, CancellationToken.None);

        Assert.Equal(ExitCodes.CredentialsFile, result.ExitCode);
        var error = OnlyErrorLine(result);
        Assert.Contains("samlassume env -p x", error);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));

        // Served from the cache: no second sign-in, the same keys STS issued.
        var env = await CliRun.RunAsync(ws, ["env", "-p", "x"]);
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("AWS_ACCESS_KEY_ID=ASIA", env.Stdout.Replace("export ", "", StringComparison.Ordinal).Replace("'", "", StringComparison.Ordinal));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    // ---- Item 7: cache files ----

    [Fact]
    public async Task Cache_files_are_0600_whatever_was_at_the_path_and_a_symlink_there_is_replaced_not_followed()
    {
        if (OperatingSystem.IsWindows()) return;
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var path = ws.CachedCredentialsPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A world-readable file left at the path: the next credentials must not inherit 0666.
        File.WriteAllText(path, "not json");
        File.SetUnixFileMode(path, (UnixFileMode)0b110_110_110);

        var first = await CliRun.RunAsync(ws, ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));

        // Now a symlink to a file elsewhere: it is not read (a miss: a second sign-in) and is replaced, its target untouched.
        var elsewhere = Path.Combine(ws.Root, "elsewhere.json");
        File.Copy(path, elsewhere);
        File.Delete(path);
        File.CreateSymbolicLink(path, elsewhere);
        var before = File.ReadAllText(elsewhere);

        var second = await CliRun.RunAsync(ws, ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Null(new FileInfo(path).LinkTarget);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        Assert.Equal(before, File.ReadAllText(elsewhere));
    }

    [Fact]
    public async Task A_cache_file_owned_by_another_user_is_never_served()
    {
        if (!IsRoot) return; // chown needs root; CI runs as root
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var args = new[] { "credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory };
        var first = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));
        Assert.True(first.ExitCode == 0, first.ToString());
        RunTool("chown", "65534", ws.CachedCredentialsPath());

        var second = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));

        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.NotEqual(first.Stdout, second.Stdout);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task A_cache_directory_owned_by_another_user_is_a_one_line_error_with_exit_7_before_any_password()
    {
        if (!IsRoot) return;
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var root = Path.Combine(ws.CacheHome(), "samlassume");
        Directory.CreateDirectory(root);
        RunTool("chown", "65534", root);

        var result = await CliRun.RunAsync(ws, ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));
        var clear = await CliRun.RunAsync(ws, ["clear-cache"]);

        Assert.Equal(ExitCodes.CredentialsFile, result.ExitCode);
        Assert.Contains("belongs to another user (uid 65534", OnlyErrorLine(result));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(ExitCodes.CredentialsFile, clear.ExitCode);
        Assert.Contains("belongs to another user", OnlyErrorLine(clear));
    }

    // ---- Item 6: push polling survives 429 and 5xx ----

    [Fact]
    public async Task A_429_and_a_503_while_polling_a_push_still_end_in_credentials_and_the_push_is_sent_once()
    {
        await using var ws = await StartAsync(Fast(tenant =>
        {
            foreach (var device in User(tenant, MfaUser).Devices.Where(d => d.Kind == SandboxDeviceKind.Push)) device.ApproveAfterSeconds = 2;
        }));
        // The push goes through; the first poll gets 429 with Retry-After 1 s, the next a 503.
        ws.Sandbox.Faults.Add(SandboxEndpoints.VerifyFactor, new SandboxFault(429) { After = 1, RetryAfter = TimeSpan.FromSeconds(1) });
        ws.Sandbox.Faults.Add(SandboxEndpoints.VerifyFactor, new SandboxFault(503));

        var result = await ws.RunAsync(MfaLoginTests.Args(ws, MfaUser, MfaPassword, "--mfa-device", "push", "-v"));

        MfaLoginTests.AssertProfileWritten(ws, result);
        var calls = MfaLoginTests.Verifies(ws);
        Assert.Equal(1, calls.Count(c => c.Fields.GetValueOrDefault("do_not_notify") == "false"));
        Assert.Equal("429", calls[1].Fields["fault"]);
        Assert.Equal("503", calls[2].Fields["fault"]);
        Assert.Contains("polling again in 1.0 s", result.Stderr);
        // Polls, not a burst: 2 s of waiting at 0.5 s plus the backoffs.
        Assert.InRange(calls.Count, 4, 10);
    }

    // ---- Item 8: known failures get one line and a documented exit code ----

    [Fact]
    public async Task Sts_answering_200_with_malformed_xml_is_one_line_with_exit_6()
    {
        await using var ws = await StartAsync();
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(200) { Body = "<AssumeRoleWithSAMLResponse><Credentials><AccessKeyId>ASIA" });

        var result = await LoginAsync(ws, CancellationToken.None);

        Assert.Equal(ExitCodes.Network, result.ExitCode);
        Assert.Contains("not an AssumeRoleWithSAML response", OnlyErrorLine(result));
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task Clear_cache_accepts_verbose()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["clear-cache", "-v"]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("cache directory", result.Stderr);
    }

    [Fact]
    public async Task Sandbox_start_up_errors_are_one_line_usage_errors()
    {
        await using var ws = await TestWorkspace.StartAsync();
        var busyPort = ws.Sandbox.BaseUrl.Port;
        var badTenant = Path.Combine(ws.Root, "tenant.json");
        File.WriteAllText(badTenant, "{ \"users\": [ { \"username\": 12 ");

        var portInUse = await CliRun.RunAsync(ws, ["sandbox", "--port", busyPort.ToString(CultureInfo.InvariantCulture)]);
        var tenant = await CliRun.RunAsync(ws, ["sandbox", "--tenant", badTenant]);

        Assert.Equal(ExitCodes.Usage, portInUse.ExitCode);
        Assert.Contains($"--port {busyPort}: cannot listen", OnlyErrorLine(portInUse));
        Assert.Equal(ExitCodes.Usage, tenant.ExitCode);
        Assert.Contains("is not a valid tenant file", OnlyErrorLine(tenant));
    }

    // ---- Item 1: a loop never spins ----

    private static readonly DateTimeOffset LoopStart = new(2026, 11, 22, 2, 0, 0, TimeSpan.Zero);

    /// <summary>Our clock <paramref name="offset"/> away from <paramref name="inner"/> (the sandbox's), timers shared.</summary>
    private sealed class OffsetClock(TimeProvider inner, TimeSpan offset) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + offset;
        public override long TimestampFrequency => inner.TimestampFrequency;
        public override long GetTimestamp() => inner.GetTimestamp();
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => inner.CreateTimer(callback, state, dueTime, period);
    }

    [Theory]
    [InlineData(0)]    // clocks agree
    [InlineData(10)]   // this machine's clock 10 minutes fast: the credentials look expired on arrival
    [InlineData(-10)]  // 10 minutes slow
    public async Task Loop_0_with_5_minute_credentials_makes_at_most_2_sts_calls_in_2_minutes(int localClockMinutesAhead)
    {
        var clock = new AutoAdvancingClock(LoopStart);
        await using var ws = await StartAsync(new SandboxOptions { Clock = clock });
        ws.Sandbox.Faults.CredentialLifetime = TimeSpan.FromMinutes(5);
        using var stop = new CancellationTokenSource();
        // Bounded whatever happens: stop once the sandbox's clock passes 2 minutes, or at 20 STS calls (a spin).
        clock.Waited = _ =>
        {
            if (clock.GetUtcNow() >= LoopStart + TimeSpan.FromMinutes(2)) stop.Cancel();
        };
        using var safety = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var spinGuard = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested && !safety.IsCancellationRequested)
            {
                if (ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml) >= 20) stop.Cancel();
                await Task.Delay(20);
            }
        });
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stop.Token, safety.Token);
        var local = localClockMinutesAhead == 0 ? (TimeProvider)clock : new OffsetClock(clock, TimeSpan.FromMinutes(localClockMinutesAhead));

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, "-l", "0"]),
            clock: local, cancellationToken: either.Token);
        await stop.CancelAsync();
        await spinGuard;

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        var stsCalls = ws.Sandbox.Journal.Entries.Count(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml && e.Time < LoopStart + TimeSpan.FromMinutes(2));
        Assert.True(stsCalls <= 2, $"{stsCalls} STS calls in 2 minutes\n{result}");
        // Refreshed at 80% of the real 5-minute lifetime, measured on STS's clock (its Date), not ours.
        Assert.Contains(clock.Waits, w => w == TimeSpan.FromMinutes(4));
        if (localClockMinutesAhead == 0) Assert.DoesNotContain("clock is", result.Stderr);
        else Assert.Contains($"this machine's clock is 10 min {(localClockMinutesAhead > 0 ? "ahead of" : "behind")} AWS STS's", result.Stderr);
    }

    // ---- Item 4: short sessions are cached ----

    [Fact]
    public async Task A_900_second_profile_is_served_from_the_cache_on_the_second_call()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        ws.WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId,
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["username"] = "demo@example.com",
            ["profiles"] = new Dictionary<string, object?>
            {
                [ProfileSetup.Profile] = new Dictionary<string, object?> { ["aws_account_id"] = "333333333333", ["aws_role_name"] = "Developer", ["aws_region"] = "eu-west-1", ["duration"] = 900 },
            },
        });
        string[] args = ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory];

        var first = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));
        var second = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));
        var third = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("900", ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.AssumeRoleWithSaml).Fields["duration_seconds"]);
        // 15 minutes never have the default 15 minutes left; they are served while more than half (7.5 min) is.
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(first.Stdout, third.Stdout);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));

        // 8 minutes later less than half is left: a new sign-in.
        var later = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"), clock: new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(8)));
        Assert.True(later.ExitCode == 0, later.ToString());
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    // ---- Item 3: a herd shares failures ----

    private static async Task<CliResult[]> HerdAsync(TestWorkspace ws, string profile, string password, int size = 20) =>
        await Task.WhenAll(Enumerable.Range(0, size).Select(_ => Task.Run(() =>
            CliRun.RunAsync(ws, ["credential-process", "--profile", profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password(password)))));

    [Fact]
    public async Task Twenty_concurrent_credential_process_calls_with_a_wrong_password_make_exactly_one_password_attempt()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        // A herd is the processes that wait while the first one signs in: the sign-in takes long enough here that all
        // twenty have started waiting before it fails, however loaded the machine (one that starts later tries again).
        ws.Sandbox.Faults.SetLatency(SandboxEndpoints.SamlAssertion, TimeSpan.FromSeconds(2));

        var results = await HerdAsync(ws, ProfileSetup.Profile, "wrong-password");

        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.SignInRefused, r.ToString()));
        Assert.All(results, r => OnlyErrorLine(r));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(19, results.Count(r => r.Stderr.Contains("from another samlassume refreshing profile", StringComparison.Ordinal)));
        // The shared record holds the message and the time, never the password.
        var outcomes = Path.Combine(ws.CacheHome(), "samlassume", "outcomes");
        Assert.All(Directory.GetFiles(outcomes), f =>
        {
            Assert.DoesNotContain("wrong-password", File.ReadAllText(f));
            if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(f));
        });
    }

    [Fact]
    public async Task Twenty_concurrent_calls_for_a_push_user_with_sts_down_send_exactly_one_push()
    {
        await using var ws = await TestWorkspace.StartAsync(Fast());
        ws.WithProfiles(user: MfaUser, mfaDevice: "push");
        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRoleWithSaml, new SandboxFault(503) { Times = 1000 });

        var results = await HerdAsync(ws, "sandbox-prod", MfaPassword);

        Assert.All(results, r => Assert.True(r.ExitCode == ExitCodes.Network, r.ToString()));
        var pushes = MfaLoginTests.Verifies(ws).Count(c => c.Fields.GetValueOrDefault("do_not_notify") == "false");
        Assert.Equal(1, pushes);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        // One sign-in's STS attempts (1 + 3 retries), not twenty's.
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_failure_is_shared_with_the_herd_that_waited_not_with_the_next_try()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        string[] args = ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory];
        var failed = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("wrong-password"));
        Assert.Equal(ExitCodes.SignInRefused, failed.ExitCode);

        // Started after the failure, with the corrected password: tried at once, not refused for 30 s.
        var corrected = await CliRun.RunAsync(ws, args, environment: ProfileSetup.Password("demo-password"));

        Assert.True(corrected.ExitCode == 0, corrected.ToString());
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    // ---- Item 9: a config in the current directory that points elsewhere is announced ----

    [Fact]
    public async Task A_config_from_the_current_directory_pointing_away_from_onelogin_is_announced_before_the_password_is_sent()
    {
        await using var ws = await TestWorkspace.StartAsync();
        // Not in -c's directory: found in the current directory, as OneLogin's tool would find it.
        TestWorkspace.WriteJson(Path.Combine(ws.WorkingDirectory, "onelogin.sdk.json"), new Dictionary<string, object?>
        {
            ["client_id"] = ws.Sandbox.Tenant.ClientId,
            ["client_secret"] = ws.Sandbox.Tenant.ClientSecret,
            ["api_url"] = ws.ApiUrl,
        });

        var fromCwd = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, "-v"]));
        File.Move(Path.Combine(ws.WorkingDirectory, "onelogin.sdk.json"), Path.Combine(ws.ConfigDirectory, "onelogin.sdk.json"));
        var fromC = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", ["-p", "x", .. Role, "-v"]));

        Assert.True(fromCwd.ExitCode == 0, fromCwd.ToString());
        var warning = fromCwd.Stderr.IndexOf("is taken from the current directory and sends your sign-in to 127.0.0.1, not to onelogin.com", StringComparison.Ordinal);
        Assert.True(warning >= 0, fromCwd.ToString());
        // Said before the first OneLogin request (the verbose line naming the API comes just before it).
        Assert.True(warning < fromCwd.Stderr.IndexOf("OneLogin API ", StringComparison.Ordinal), fromCwd.ToString());
        Assert.True(fromC.ExitCode == 0, fromC.ToString());
        Assert.DoesNotContain("taken from the current directory", fromC.Stderr);
    }
}
