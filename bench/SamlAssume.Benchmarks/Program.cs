using BenchmarkDotNet.Running;

namespace SamlAssume.Benchmarks;

/// <summary>`dotnet run -c Release --project bench/SamlAssume.Benchmarks -- --filter '*'`; bench/run.sh runs them all.</summary>
public static class BenchmarkEntry
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(BenchmarkEntry).Assembly).Run(args);
}
