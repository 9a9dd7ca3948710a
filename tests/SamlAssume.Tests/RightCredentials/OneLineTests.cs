using SamlAssume.Cli;
using SamlAssume.Sandbox;
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

/// <summary>Issue 23, item 11 (IAM-user source): STS answering 200 with something that is not its XML, and an empty --source-profile.</summary>
public sealed class IamUserOneLineTests
{
    private const string Garbage = "<GetSessionTokenResponse><Credentials><AccessKeyId>ASIA";

    [Fact]
    public async Task Sts_answering_200_with_malformed_xml_to_GetSessionToken_or_AssumeRole_is_one_line_with_exit_6()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        ws.Sandbox.Faults.Add(SandboxEndpoints.GetSessionToken, new SandboxFault(200) { Body = Garbage });

        var session = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code());

        Assert.True(session.ExitCode == ExitCodes.Network, session.ToString());
        Assert.Equal($"samlassume: error: AWS STS at {ws.Sandbox.BaseUrl} answered GetSessionToken for profile 'bastion' with something that is not an STS response (unreadable XML): check AWS_ENDPOINT_URL_STS, your proxy or network, and try again\n", session.Stderr);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));

        ws.Sandbox.Faults.Add(SandboxEndpoints.AssumeRole, new SandboxFault(200) { Body = "not xml at all", Times = 1000 });
        var role = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--role-arn", "arn:aws:iam::333333333333:role/Admin", "--json", "--otp", IamUserSetup.Code());

        Assert.True(role.ExitCode == ExitCodes.Network, role.ToString());
        Assert.True(role.Stderr.StartsWith("samlassume: error: AWS STS at ", StringComparison.Ordinal), role.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.AssumeRole));
        Assert.Contains("answered AssumeRole arn:aws:iam::333333333333:role/Admin with something that is not an STS response (unreadable XML)", role.Stderr);
        Assert.Single(role.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task An_empty_source_profile_or_profile_to_write_is_a_usage_error_before_any_request()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var session = await ws.RunAsync("session-token", "--source-profile", "", "--otp", "123456");
        var role = await ws.RunAsync("assume-role", "--source-profile", "", "--all", "--otp", "123456");

        var blank = await ws.RunAsync("session-token", "--source-profile", "  ", "--otp", "123456");
        var writeEmpty = await ws.RunAsync("session-token", "--source-profile", "bastion", "--write-profile", "", "--otp", "123456");
        var roleEmpty = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--role-arn", "arn:aws:iam::333333333333:role/Admin", "-p", "", "--otp", "123456");

        foreach (var result in new[] { session, role, blank })
        {
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Equal("samlassume: error: --source-profile is empty: name the profile that holds the IAM user's long-lived keys (e.g. --source-profile bastion), or give --from-env\n", result.Stderr);
        }
        Assert.True(writeEmpty.ExitCode == ExitCodes.Usage, writeEmpty.ToString());
        Assert.Equal("samlassume: error: --write-profile is empty: name the profile of the credentials file to write\n", writeEmpty.Stderr);
        Assert.True(roleEmpty.ExitCode == ExitCodes.Usage, roleEmpty.ToString());
        Assert.Equal("samlassume: error: -p/--profile is empty: name the profile of the credentials file to write\n", roleEmpty.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }
}
