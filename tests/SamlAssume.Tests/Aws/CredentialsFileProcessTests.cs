using System.Diagnostics;
using System.Globalization;
using System.Text;
using SamlAssume.Aws;
using Xunit.Abstractions;

namespace SamlAssume.Tests.Aws;

/// <summary>
/// The credentials file under real, separate processes (tests/SamlAssume.CredentialsWriter, started with
/// <c>dotnet</c>): many writers at once, and writers killed with SIGKILL mid-write.
/// </summary>
public sealed class CredentialsFileProcessTests : IDisposable
{
    private const string Untouched =
        "# long-lived keys the user cannot afford to lose\r\n" +
        "[default]\r\n" +
        "aws_access_key_id = AKIALONGLIVED\r\n" +
        "aws_secret_access_key=keep/this+one=\r\n" +
        "; a comment\r\n" +
        "region : eu-west-1\r\n" +
        "\r\n" +
        "[shared-0]\r\n" +
        "# comment inside a written profile\r\n" +
        "x_unknown = stays\r\n";

    private readonly string directory = Directory.CreateTempSubdirectory("samlassume-procs-").FullName;
    private readonly ITestOutputHelper output;

    public CredentialsFileProcessTests(ITestOutputHelper output) => this.output = output;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private static string WriterDll => Path.Combine(AppContext.BaseDirectory, "SamlAssume.CredentialsWriter.dll");

    [Fact]
    public async Task FiftyProcessesTimesTwentyWritesLeaveEachProfileWithItsLastWritersValues()
    {
        const int Processes = 50, Writes = 20, Profiles = 5, Wave = 10;
        var path = Path.Combine(directory, "credentials");
        File.WriteAllText(path, Untouched);

        // Waves of ten started together (each waits for "go" after printing "ready"), so writers truly overlap
        // while at most ten dotnet processes share the machine's cores.
        for (var first = 0; first < Processes; first += Wave)
        {
            var writers = Enumerable.Range(first, Wave).Select(id => Writer.Start(path, id, Writes, Profiles)).ToList();
            try
            {
                foreach (var writer in writers) await writer.WaitReadyAsync();
                foreach (var writer in writers) writer.Go();
                foreach (var writer in writers)
                {
                    var exit = await writer.WaitForExitAsync(TimeSpan.FromMinutes(2));
                    Assert.True(exit == 0, $"writer {writer.Id} exited {exit}: {writer.Stderr}");
                }
            }
            finally
            {
                foreach (var writer in writers) writer.Dispose();
            }
        }

        var bytes = File.ReadAllBytes(path);
        var text = Encoding.UTF8.GetString(bytes);
        // Everything before the first written key is byte for byte as it was (CRLF, comments, spacing, unknown key).
        Assert.StartsWith(Untouched, text, StringComparison.Ordinal);
        var file = new CredentialsFile(path);
        // Sections appear in the order writers first created them, which the race decides; each exactly once.
        var names = file.ProfileNames();
        Assert.Equal("default", names[0]);
        Assert.Equal(Enumerable.Range(0, Profiles).Select(p => $"shared-{p}").Order(), names.Order().Where(n => n != "default"));
        Assert.Equal("keep/this+one=", file.ReadProfile("default")!["aws_secret_access_key"]);
        Assert.Equal("stays", file.ReadProfile("shared-0")!["x_unknown"]);
        Assert.Empty(Directory.EnumerateFiles(directory, "*.tmp"));

        for (var p = 0; p < Profiles; p++)
        {
            var profile = file.ReadProfile($"shared-{p}")!;
            // No lost update: key w<id> holds the last n that writer id wrote to this profile.
            for (var id = 0; id < Processes; id++)
            {
                var last = Enumerable.Range(0, Writes).Last(n => (id + n) % Profiles == p);
                Assert.Equal(last.ToString(CultureInfo.InvariantCulture), profile[$"w{id}"]);
            }
            // The credential keys come from one write, the profile's last, and agree with that writer's own key.
            var token = profile["aws_access_key_id"];
            Assert.Equal(token, profile["aws_secret_access_key"]);
            Assert.Equal(token, profile["aws_session_token"]);
            var (writerId, n) = ParseToken(token);
            Assert.Equal(n.ToString(CultureInfo.InvariantCulture), profile[$"w{writerId}"]);
        }
    }

    /// <summary>
    /// Issue 12, item 5: 50 writers released at once behind a lock that is already held for 11 s — longer than the
    /// old 10 s give-up — then all contending for it, 4 writes each. Every writer must exit 0 (no give-up: a give-up
    /// after STS answered throws issued credentials away) and no update may be lost.
    /// </summary>
    [Fact]
    public async Task FiftyWritersReleasedTogetherBehindALongHeldLockAllWriteEveryTimeAndLoseNothing()
    {
        const int Processes = 50, Writes = 4, Profiles = 5;
        var path = Path.Combine(directory, "credentials");
        File.WriteAllText(path, Untouched);

        var writers = Enumerable.Range(0, Processes).Select(id => Writer.Start(path, id, Writes, Profiles)).ToList();
        var giveUps = 0;
        try
        {
            foreach (var writer in writers) await writer.WaitReadyAsync();
            using (var held = FileLock.TryAcquire(path + ".lock", TimeSpan.Zero))
            {
                Assert.NotNull(held);
                foreach (var writer in writers) writer.Go();
                await Task.Delay(TimeSpan.FromSeconds(11));
            }
            foreach (var writer in writers)
            {
                var exit = await writer.WaitForExitAsync(TimeSpan.FromMinutes(3));
                if (exit != 0)
                {
                    giveUps++;
                    output.WriteLine($"writer {writer.Id} exited {exit}: {writer.Stderr}");
                }
            }
        }
        finally
        {
            foreach (var writer in writers) writer.Dispose();
        }

        Assert.Equal(0, giveUps);
        var file = new CredentialsFile(path);
        Assert.Equal("keep/this+one=", file.ReadProfile("default")!["aws_secret_access_key"]);
        var lost = 0;
        for (var p = 0; p < Profiles; p++)
        {
            var profile = file.ReadProfile($"shared-{p}")!;
            for (var id = 0; id < Processes; id++)
            {
                var last = Enumerable.Range(0, Writes).Where(n => (id + n) % Profiles == p).DefaultIfEmpty(-1).Last();
                if (last < 0) continue;
                if (!profile.TryGetValue($"w{id}", out var value) || value != last.ToString(CultureInfo.InvariantCulture)) lost++;
            }
        }
        Assert.Equal(0, lost);
    }

    [Fact]
    public async Task AWriterKilledAtRandomPointsLeavesTheOldFileOrTheNewOneNeverAMix()
    {
        if (OperatingSystem.IsWindows()) return; // SIGKILL semantics; Process.Kill on Windows is TerminateProcess, also abrupt
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed} (rerun with this seed by replacing Environment.TickCount)");
        var random = new Random(seed);
        var path = Path.Combine(directory, "credentials");
        File.WriteAllText(path, Untouched);
        var killedMidRun = 0;

        for (var round = 0; round < 12; round++)
        {
            var before = File.ReadAllBytes(path);
            // Writes of ~256 kB each loop forever; the kill lands at a random moment between 0 and 150 ms of writing.
            using var writer = Writer.Start(path, round, writes: 0, profiles: 1, padding: 256 * 1024);
            await writer.WaitReadyAsync();
            writer.Go();
            await Task.Delay(random.Next(0, 150));
            writer.Kill();
            await writer.WaitForExitAsync(TimeSpan.FromSeconds(30));
            var completed = writer.CompletedTokens();
            if (completed.Count > 0) killedMidRun++;

            var after = File.ReadAllBytes(path);
            var text = Encoding.UTF8.GetString(after);
            Assert.StartsWith(Untouched, text, StringComparison.Ordinal);
            var profile = new CredentialsFile(path).ReadProfile("shared-0")!;
            var token = profile.TryGetValue("aws_access_key_id", out var t) ? t : null;
            if (token is null || !token.StartsWith($"W{round}N", StringComparison.Ordinal))
            {
                // Killed before its first rename: the file must be exactly what it was.
                Assert.Equal(before, after);
            }
            else
            {
                // One whole write of this writer: every key and the 256 kB padding carry the same token, and it is the
                // last completed write or the one after it (renamed just before the kill, not yet reported).
                Assert.Equal(token, profile["aws_secret_access_key"]);
                Assert.Equal(token, profile["aws_session_token"]);
                Assert.Equal(new string('x', 256 * 1024) + token, profile["padding"]);
                var (_, n) = ParseToken(token);
                Assert.True(n == completed.Count - 1 || n == completed.Count, $"file holds write {n}; writer reported {completed.Count} completed");
            }

            // A temporary file a killed writer left behind never makes the next write fail, and is cleaned up by it.
            new CredentialsFile(path).WriteProfile("after-kill", [new("aws_access_key_id", $"R{round}")]);
            Assert.Equal($"R{round}", new CredentialsFile(path).ReadProfile("after-kill")!["aws_access_key_id"]);
            Assert.Empty(Directory.EnumerateFiles(directory, "*.tmp"));
        }

        output.WriteLine($"{killedMidRun} of 12 writers were killed after at least one completed write");
    }

    [Fact]
    public void AnAbandonedTemporaryFileDoesNotStopTheNextWriteAndIsRemoved()
    {
        var path = Path.Combine(directory, "credentials");
        File.WriteAllText(path, Untouched);
        var leftover = Path.Combine(directory, ".credentials.samlassume-0123456789ab.tmp");
        File.WriteAllText(leftover, "[half\nwritten");
        var unrelated = Path.Combine(directory, "notes.tmp");
        File.WriteAllText(unrelated, "mine");

        new CredentialsFile(path).WriteProfile("p", [new("aws_access_key_id", "K")]);

        Assert.False(File.Exists(leftover));
        Assert.True(File.Exists(unrelated), "only our own temporaries are removed");
        Assert.StartsWith(Untouched, File.ReadAllText(path), StringComparison.Ordinal);
    }

    private static (int Writer, int N) ParseToken(string token)
    {
        var at = token.IndexOf('N', StringComparison.Ordinal);
        return (int.Parse(token[1..at], CultureInfo.InvariantCulture), int.Parse(token[(at + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>One writer process and its pipes.</summary>
    private sealed class Writer : IDisposable
    {
        private readonly Process process;
        private readonly List<string> lines = [];
        private readonly StringBuilder stderr = new();
        private readonly TaskCompletionSource ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private Writer(Process process, int id)
        {
            this.process = process;
            Id = id;
        }

        public int Id { get; }

        public string Stderr
        {
            get { lock (stderr) return stderr.ToString(); }
        }

        public static Writer Start(string path, int id, int writes, int profiles, int padding = 0)
        {
            var info = new ProcessStartInfo("dotnet")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { WriterDll, path, id.ToString(CultureInfo.InvariantCulture), writes.ToString(CultureInfo.InvariantCulture),
                         profiles.ToString(CultureInfo.InvariantCulture), padding.ToString(CultureInfo.InvariantCulture) })
            {
                info.ArgumentList.Add(arg);
            }
            // Keep the children light: no tiered-compilation background work, no telemetry, no first-run banner.
            info.Environment["DOTNET_TieredPGO"] = "0";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            var writer = new Writer(new Process { StartInfo = info }, id);
            writer.process.OutputDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                if (e.Data == "ready") writer.ready.TrySetResult();
                else lock (writer.lines) writer.lines.Add(e.Data);
            };
            writer.process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is not null) lock (writer.stderr) writer.stderr.AppendLine(e.Data);
            };
            writer.process.Start();
            writer.process.BeginOutputReadLine();
            writer.process.BeginErrorReadLine();
            return writer;
        }

        public async Task WaitReadyAsync()
        {
            var finished = await Task.WhenAny(ready.Task, process.WaitForExitAsync(), Task.Delay(TimeSpan.FromMinutes(2)));
            Assert.True(ready.Task.IsCompleted, $"writer {Id} never became ready: {Stderr}");
            await finished;
        }

        public void Go()
        {
            process.StandardInput.WriteLine("go");
            process.StandardInput.Flush();
        }

        public void Kill() => process.Kill(); // SIGKILL on Unix

        public async Task<int> WaitForExitAsync(TimeSpan timeout)
        {
            using var cts = new CancellationTokenSource(timeout);
            await process.WaitForExitAsync(cts.Token);
            return process.ExitCode;
        }

        public IReadOnlyList<string> CompletedTokens()
        {
            lock (lines) return lines.ToList();
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                try { process.Kill(); } catch (InvalidOperationException) { }
            }
            process.Dispose();
        }
    }
}
