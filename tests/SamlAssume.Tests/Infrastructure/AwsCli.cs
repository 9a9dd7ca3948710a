using System.Diagnostics;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>Runs the AWS CLI with only the environment a test gives it (no real ~/.aws is read).</summary>
public static class AwsCli
{
    public static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string home, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var start = new ProcessStartInfo(AwsCliFactAttribute.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = home;
        start.Environment["AWS_CONFIG_FILE"] = System.IO.Path.Combine(home, "aws-config-none");
        start.Environment["AWS_PAGER"] = "";
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        foreach (var (k, v) in environment) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
