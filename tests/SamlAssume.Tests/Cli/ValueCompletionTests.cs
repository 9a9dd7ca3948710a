using System.Diagnostics;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests;

/// <summary>
/// Bash completion of option values through the real script and the built tool: profile names for -p and the
/// positional profile, regions for --aws-region, device names for --mfa-device, and no Windows help spellings.
/// </summary>
public sealed class ValueCompletionTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("samlassume-values-").FullName;

    public void Dispose()
    {
        try { Directory.Delete(root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task Bash_completes_profile_names_regions_and_devices()
    {
        var bin = Path.Combine(root, "bin");
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "samlassume"), $"#!/bin/sh\nexec '{ProfileSetup.DotnetHost}' '{ProfileSetup.ToolDll}' \"$@\"\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(Path.Combine(bin, "samlassume"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(Path.Combine(root, ".onelogin"));
        File.WriteAllText(Path.Combine(root, ".onelogin", "onelogin.aws.json"), """{"profiles": {"dev": {}, "prod": {}}}""");
        Directory.CreateDirectory(Path.Combine(root, ".aws"));
        File.WriteAllText(Path.Combine(root, ".aws", "config"), "[profile ops]\nrole_arn = arn:aws:iam::444455556666:role/Ops\nsource_profile = bastion\n");
        File.WriteAllText(Path.Combine(root, ".aws", "credentials"), "[bastion]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        await using var ws = await TestWorkspace.StartAsync();
        var script = Path.Combine(root, "completion.bash");
        File.WriteAllText(script, (await ws.RunAsync("completion", "bash")).Stdout);
        var probe = Commands.CompletionTests.BashProbe(script) + """
            complete_line "samlassume env -p "
            complete_line "samlassume exec "
            complete_line "samlassume login --aws-region eu-west-"
            complete_line "samlassume login --mfa-device "
            complete_line "samlassume env "
            """;
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = root };
        foreach (var a in new[] { "--norc", "--noprofile", "-c", probe }) start.ArgumentList.Add(a);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");
        start.Environment["HOME"] = root;
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        var output = (await stdout).Split('\n');

        Assert.Contains("samlassume env -p |dev ops prod", output);
        var exec = output.Single(l => l.StartsWith("samlassume exec |"))["samlassume exec |".Length..].Split(' ');
        Assert.Equal(["dev", "ops", "prod"], exec.Where(w => !w.StartsWith('-')));
        Assert.Contains("samlassume login --aws-region eu-west-|eu-west-1 eu-west-2 eu-west-3", output);
        Assert.Contains(output, l => l.StartsWith("samlassume login --mfa-device |") && l.Contains("push") && l.Contains("yubikey"));
        var empty = output.Single(l => l.StartsWith("samlassume env |"));
        Assert.DoesNotContain("/?", empty);
        Assert.DoesNotContain("/h", empty);
        Assert.Contains("dev", empty);
    }
}
