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
