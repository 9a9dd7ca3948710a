using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>Issue 23, item 11 (part): failures that were exit 1 get their documented code and one line.</summary>
public sealed class OneLineTests
{
    [Fact]
    public async Task An_AWS_CONFIG_FILE_that_is_a_directory_is_one_line_and_exit_2()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var directory = Path.Combine(ws.Root, "a-directory");
        Directory.CreateDirectory(directory);

        var result = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = directory });

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"samlassume: error: the AWS shared files cannot be read: {directory} (AWS_CONFIG_FILE) is a directory; point AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE at files\n", result.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }
}

/// <summary>Issue 23, item 11 (part): a FIFO where an AWS shared file should be is refused, never opened (it would hang).</summary>
public sealed class FifoFileTests
{
    private static async Task<CliResult> WithinAsync(Task<CliResult> run)
    {
        var finished = await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(20)));
        Assert.True(finished == run, "the command hung on the FIFO");
        return await run;
    }

    [Fact]
    public async Task A_FIFO_as_the_credentials_or_config_file_is_refused_by_session_token_credential_process_assume_role_and_clear_cache()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var fifo = Path.Combine(ws.Root, "fifo");
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo])!)
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        var asCredentials = new Dictionary<string, string?> { ["AWS_SHARED_CREDENTIALS_FILE"] = fifo };
        var asConfig = new Dictionary<string, string?> { ["AWS_CONFIG_FILE"] = fifo };

        var sessionToken = await WithinAsync(CliRun.RunAsync(ws, ["session-token", "--source-profile", "bastion", "--otp", "123456"], environment: asCredentials));
        var process = await WithinAsync(CliRun.RunAsync(ws, ["credential-process", "--profile", "dev-admin"], environment: asConfig));
        var assumeRole = await WithinAsync(CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "--all", "--otp", "123456"], environment: asCredentials));
        var clear = await WithinAsync(CliRun.RunAsync(ws, ["clear-cache", "--credentials-file"], environment: asCredentials));

        foreach (var result in new[] { sessionToken, process, assumeRole })
        {
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Contains("a FIFO (named pipe), not a regular file: refusing to open it", result.Stderr);
        }
        Assert.True(clear.ExitCode == ExitCodes.CredentialsFile, clear.ToString());
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }
}
