using BenchmarkDotNet.Running;

namespace SamlAssume.Benchmarks;

/// <summary>`dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*'`; bench/run.sh runs them all.</summary>
public static class BenchmarkEntry
{
    public static async Task<int> Main(string[] args)
    {
        // Whole-login timings are not micro-benchmarks: they have their own harness.
        if (args.Length > 0 && args[0] == "push-approval") return await PushApprovalTiming.RunAsync(args[1..]);
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
