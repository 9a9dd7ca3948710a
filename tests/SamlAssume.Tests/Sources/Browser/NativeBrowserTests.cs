using System.Diagnostics;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.Browser;

/// <summary>
/// The browser source in the NativeAOT executable (SAMLASSUME_BINARY, as .ci/run publishes it): the hand-written
/// DevTools client and its source-generated JSON must work trimmed, not only under the JIT.
/// </summary>
public sealed class NativeBrowserTests
{
    [NativeBinaryFact]
    public async Task The_native_demo_signs_in_through_a_headless_browser()
    {
        if (TestBrowser.Path is null)
        {
            Assert.Fail($"no Chromium at {TestBrowser.DefaultPath}: the native browser test needs one (.ci/run installs chromium)");
        }
        var root = Directory.CreateTempSubdirectory("samlassume-native-browser-").FullName;
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable(NativeBinaryFactAttribute.Variable)!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                RedirectStandardInput = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "demo", "--source", "browser", "--headless" }) start.ArgumentList.Add(arg);
            start.Environment.Clear();
            start.Environment["HOME"] = root;
            start.Environment["PATH"] = "/usr/bin:/bin";
            foreach (var (name, value) in TestBrowser.EnvironmentFor(Path.Combine(root, "cache"))) start.Environment[name] = value;
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
            await process.WaitForExitAsync(timeout.Token);

            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}\n{await stdout}\n{await stderr}");
            Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/demo@example.com", (await stdout).Trim());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
