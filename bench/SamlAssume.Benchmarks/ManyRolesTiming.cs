using System.Diagnostics;
using SamlAssume.Commands;
using SamlAssume.Sandbox;
using Spectre.Console;

namespace SamlAssume.Benchmarks;

/// <summary>
/// Wall time of <c>samlassume login --all-roles</c> for 100 roles against the sandbox with 100 ms of latency on every
/// STS call: the real command line in-process (sign-in, 100 AssumeRoleWithSAML, one credentials-file write).
/// <c>dotnet run -c Release --project bench/SamlAssume.Benchmarks -- many-roles [auto|auto-throttled|max-parallel…]</c>:
/// "auto" is the default (no --max-parallel: adaptive); "auto-throttled" the same against an STS that throttles beyond
/// 20 calls in flight, with the requests it took.
/// </summary>
public static class ManyRolesTiming
{
    public static async Task RunAsync(string[] args)
    {
        var parallelism = args.Length > 0 ? args : ["auto", "auto-throttled", "8", "16"];
        var tenant = TenantJson.LoadDefault();
        tenant.Accounts = Enumerable.Range(1, 10).Select(a => new SandboxAccount
        {
            AccountId = (100000000000L + a).ToString(),
            Alias = $"acct{a:00}",
            Roles = Enumerable.Range(1, 10).Select(r => new SandboxRole { Name = $"Role{r:00}" }).ToList(),
        }).ToList();
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) });
        sandbox.Faults.SetLatency(SandboxEndpoints.AssumeRoleWithSaml, TimeSpan.FromMilliseconds(100));
        var throttledRequests = new List<int>();

        var root = Directory.CreateTempSubdirectory("samlassume-bench-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "onelogin.sdk.json"),
                $$"""{ "client_id": "{{tenant.ClientId}}", "client_secret": "{{tenant.ClientSecret}}", "region": "us", "api_url": "{{sandbox.BaseUrl.ToString().TrimEnd('/')}}" }""");
            Console.WriteLine($"100 roles (10 accounts x 10), 100 ms latency on each AssumeRoleWithSAML, {Environment.ProcessorCount} cores");
            foreach (var (p, run) in parallelism.SelectMany(p => Enumerable.Range(0, 4).Select(run => (p, run))))
            {
                var credentials = Path.Combine(root, $"credentials-{p}-{run}");
                var context = new CommandContext
                {
                    Out = TextWriter.Null,
                    Error = TextWriter.Null,
                    Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null), Interactive = InteractionSupport.No }),
                    In = new StringReader(""),
                    IsInteractive = false,
                    Environment = ProcessEnvironment.Of(new Dictionary<string, string?>
                    {
                        ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
                        ["AWS_SHARED_CREDENTIALS_FILE"] = credentials,
                        ["ONELOGIN_PASSWORD"] = "demo-password",
                    }),
                    HomeDirectory = root,
                    CurrentDirectory = root,
                };
                string[] login = ["login", "-c", root, "-u", "demo@example.com", "-a", tenant.Apps[0].AppId, "-d", tenant.Subdomain, "--all-roles"];
                if (p == "auto-throttled") sandbox.Faults.SetConcurrencyLimit(SandboxEndpoints.AssumeRoleWithSaml, 20);
                var before = sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml);
                var watch = Stopwatch.StartNew();
                var exit = await SamlAssumeCli.RunAsync(p.StartsWith("auto", StringComparison.Ordinal) ? login : [.. login, "--max-parallel", p], context, handleTermination: false);
                watch.Stop();
                var requests = sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml) - before;
                if (p == "auto-throttled") sandbox.Faults.SetConcurrencyLimit(SandboxEndpoints.AssumeRoleWithSaml, int.MaxValue);
                var profiles = File.ReadAllLines(credentials).Count(l => l.StartsWith('['));
                // Run 0 warms the JIT and the connection pool; the figure is the best of the other three.
                Console.WriteLine($"{(p.StartsWith("auto", StringComparison.Ordinal) ? p : "--max-parallel " + p),-16}  run {run}: {watch.Elapsed.TotalMilliseconds,7:0} ms  exit {exit}  {profiles} profiles  {requests} AssumeRoleWithSAML requests{(run == 0 ? "  (warm-up)" : "")}");
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
