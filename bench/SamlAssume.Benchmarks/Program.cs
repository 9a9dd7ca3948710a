using BenchmarkDotNet.Running;

namespace SamlAssume.Benchmarks;

/// <summary>`dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*'`; bench/run.sh runs them all.</summary>
public static class BenchmarkEntry
{
    public static async Task<int> Main(string[] args)
    {
        // Whole-login timings are not micro-benchmarks: each has its own harness (BenchmarkDotNet's many
        // iterations would make them slow or meaningless).
        if (args.Length > 0 && args[0] == "push-approval") return await PushApprovalTiming.RunAsync(args[1..]);
        if (args.Length > 0 && args[0] == "many-roles")
        {
            await ManyRolesTiming.RunAsync(args[1..]);
            return 0;
        }
        if (args.Length > 0 && args[0] == "serve-requests")
        {
            await ServeRequestTiming.RunAsync(args[1..]);
            return 0;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
        return 0;
    }
}
