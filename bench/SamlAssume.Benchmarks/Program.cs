using BenchmarkDotNet.Running;

namespace SamlAssume.Benchmarks;

/// <summary>`dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*'`; bench/run.sh runs them all.</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args)
    {
        // Whole-command timings that BenchmarkDotNet's many iterations would make slow or meaningless.
        if (args.Length > 0 && args[0] == "many-roles")
        {
            ManyRolesTiming.RunAsync(args[1..]).GetAwaiter().GetResult();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
    }
}
