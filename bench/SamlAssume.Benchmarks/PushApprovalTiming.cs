using System.Diagnostics;
using System.Globalization;
using SamlAssume.Login;
using SamlAssume.Mfa;
using SamlAssume.Sandbox;
using SamlAssume.Settings;
using Spectre.Console;

namespace SamlAssume.Benchmarks;

/// <summary>
/// Time from a push being approved on the (sandbox) phone to the credentials being written, through the real login
/// in-process: OneLogin API client, push polling, SAML reading, STS over HTTP, credentials file. Not BenchmarkDotNet:
/// one sample takes seconds of mostly waiting, so a plain harness reports the median of whole logins.
/// <c>dotnet run -c Release --project bench/SamlAssume.Benchmarks -- push-approval [iterations]</c>
/// </summary>
/// <remarks>
/// The sandbox approves a fixed delay after the push is sent; the delay differs between iterations by a fraction of
/// a second (2.0 s + i·0.37 s mod 1 s) so the approval lands at every phase of the poll interval, not always just
/// before a poll (which a single fixed delay would measure, flattering or punishing the schedule by luck).
/// Approval = the sandbox's "push sent" journal time + the delay; written = the credentials file's mtime.
/// </remarks>
public static class PushApprovalTiming
{
    private const string User = "bench-push@example.com";

    public static async Task<int> RunAsync(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 15;
        var schedules = new (string Name, PushPollSchedule Schedule)[]
        {
            ("default (0.5 s for 20 s, then 1 s)", PushPollSchedule.Default),
            ("flat 1 s (saml2aws)", PushPollSchedule.Every(TimeSpan.FromSeconds(1))),
        };
        Console.WriteLine($"push approval -> credentials written, {iterations} iterations per schedule (+1 warm-up)");
        foreach (var (name, schedule) in schedules)
        {
            await MeasureAsync(schedule, 2.0, warmUp: true);
            var written = new List<double>();
            var returned = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                var delay = 2.0 + (i * 0.37 % 1.0);
                var (w, r) = await MeasureAsync(schedule, delay, warmUp: false);
                written.Add(w);
                returned.Add(r);
            }
            Console.WriteLine($"{name}: approval -> profile written median {Median(written):0.000} s (min {written.Min():0.000}, max {written.Max():0.000}); " +
                              $"-> login returned median {Median(returned):0.000} s");
        }
        return 0;
    }

    private static async Task<(double Written, double Returned)> MeasureAsync(PushPollSchedule schedule, double approveAfter, bool warmUp)
    {
        var tenant = TenantJson.LoadDefault();
        tenant.Users =
        [
            .. tenant.Users,
            new SandboxUser
            {
                Id = 9001, Username = User, Email = User, Password = "bench-password", Roles = ["*"],
                Devices = [new SandboxDevice { DeviceId = 9101, DeviceType = "OneLogin Protect", Kind = SandboxDeviceKind.Push, Default = true, ApproveAfterSeconds = approveAfter }],
            },
        ];
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) });
        var dir = Directory.CreateTempSubdirectory("samlassume-bench-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "onelogin.sdk.json"),
                $"{{\"client_id\":\"{tenant.ClientId}\",\"client_secret\":\"{tenant.ClientSecret}\",\"api_url\":\"{sandbox.BaseUrl.ToString().TrimEnd('/')}\"}}");
            var credentials = Path.Combine(dir, "credentials");
            var stderr = new StringWriter();
            var context = new CommandContext
            {
                Out = TextWriter.Null,
                Error = stderr,
                Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(stderr), Interactive = InteractionSupport.No, Ansi = AnsiSupport.No }),
                In = new StringReader(""),
                IsInteractive = false,
                Environment = ProcessEnvironment.Of(new Dictionary<string, string?>
                {
                    ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
                    ["ONELOGIN_PASSWORD"] = "bench-password",
                }),
                HomeDirectory = dir,
                CurrentDirectory = dir,
            };
            var arguments = new LoginArguments
            {
                ConfigDirectory = dir, Username = User, AppId = tenant.Apps[0].AppId, Subdomain = tenant.Subdomain,
                Profile = "bench", File = credentials, AwsRegion = "us-east-1", AwsAccountId = "111111111111", AwsRoleName = "ReadOnly",
            };
            var exit = await new LoginFlow(context, new ProgressLog(stderr, verbose: false), schedule).RunAsync(arguments, CancellationToken.None);
            var returnedAt = DateTimeOffset.UtcNow;
            if (exit != 0) throw new InvalidOperationException($"login failed ({exit}): {stderr}");

            var sent = sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.VerifyFactor && e.Fields.GetValueOrDefault("push") == "sent");
            var approvedAt = sent.Time + TimeSpan.FromSeconds(approveAfter);
            var writtenAt = new DateTimeOffset(File.GetLastWriteTimeUtc(credentials));
            var written = (writtenAt - approvedAt).TotalSeconds;
            var returned = (returnedAt - approvedAt).TotalSeconds;
            if (!warmUp) Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  approve after {approveAfter:0.00} s: written +{written:0.000} s, returned +{returned:0.000} s"));
            return (written, returned);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        var mid = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
