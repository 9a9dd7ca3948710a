using System.Diagnostics;

namespace SamlAssume.Benchmarks;

/// <summary>
/// `serve-requests N`: N sequential GETs from a warm cache through the real server (in-process, loopback, kept-alive
/// HttpClient), after 1,000 unmeasured ones. Prints wall-clock median/p99 per request and the process's CPU time per
/// request (server and client together, so an upper bound of the server's own cost) — the CPU figure is the one a
/// loaded, shared machine cannot inflate by making the request wait for a core.
/// </summary>
public static class ServeRequestTiming
{
    public static async Task RunAsync(string[] args)
    {
        var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20_000;
        var bench = new ServeBenchmarks();
        bench.Setup();
        try
        {
            for (var i = 0; i < 1_000; i++) await bench.HttpRoundTrip();
            var samples = new double[count];
            var process = Process.GetCurrentProcess();
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            var total = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await bench.HttpRoundTrip();
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }
            total.Stop();
            process.Refresh();
            var cpu = process.TotalProcessorTime - cpuBefore;
            Array.Sort(samples);
            Console.WriteLine($"serve-requests: {count} GETs from a warm cache over loopback (HttpClient kept alive)");
            Console.WriteLine($"  wall per request: median {samples[count / 2]:0} µs, p90 {samples[count * 9 / 10]:0} µs, p99 {samples[count * 99 / 100]:0} µs, mean {total.Elapsed.TotalMicroseconds / count:0} µs");
            Console.WriteLine($"  CPU per request (server + client, this process): {cpu.TotalMicroseconds / count:0} µs");
            Console.WriteLine($"  load average: {File.ReadAllText("/proc/loadavg").Trim()}");
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
