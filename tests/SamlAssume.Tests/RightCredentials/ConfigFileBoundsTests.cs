using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 11 (part): what the configuration readers accept is bounded — a file's size (10 MB), a line's length
/// (64 KiB), no control characters, a role_arn that is an IAM role ARN, no section twice — each refused in one line,
/// exit 2, before any request.
/// </summary>
public sealed class ConfigFileBoundsTests
{
    /// <summary>A code, so that nothing waits for a prompt: the refusal has to come before any code is used.</summary>
    internal static Dictionary<string, string?> Code => new() { ["AWS_MFA_CODE"] = "123456" };

    private const string DevAdmin = "[profile dev-admin]\nrole_arn = arn:aws:iam::333333333333:role/Admin\nsource_profile = bastion-sts\nrole_session_name = alice\n";

    /// <summary>credential-process of the role profile and assume-role --all: each one line, exit 2, 0 requests.</summary>
    private static async Task AssertRefusedAsync(TestWorkspace ws, string expectedLine)
    {
        var process = await CliRun.RunAsync(ws, ["credential-process", "--profile", "dev-admin"], environment: Code);
        var all = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--otp", "123456");

        foreach (var result in new[] { process, all })
        {
            Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
            Assert.Equal($"samlassume: error: {expectedLine}\n", result.Stderr);
            Assert.Empty(result.Stdout);
        }
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    private static void SetConfig(TestWorkspace ws, string text) =>
        File.WriteAllText(ws.ConfigPath(), "[profile bastion-sts]\nmfa_serial = " + SamlAssume.TestSupport.SandboxUsers.Alice.MfaSerial + "\n" +
                                           "credential_process = samlassume session-token --source-profile bastion\n\n" + text);

    [Fact]
    public async Task A_50_MB_role_arn_is_refused_by_the_files_size_before_it_is_read()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        using (var writer = new StreamWriter(ws.ConfigPath(), append: true))
        {
            writer.Write("[profile huge]\nsource_profile = bastion-sts\nrole_arn = arn:aws:iam::333333333333:role/");
            var block = new string('A', 1024 * 1024);
            for (var i = 0; i < 50; i++) writer.Write(block);
            writer.Write('\n');
        }

        await AssertRefusedAsync(ws, $"{ws.ConfigPath()} is over 10 MB, more than any AWS config or credentials file needs: samlassume does not read it; check what wrote it, or point AWS_CONFIG_FILE at another file");
    }

    [Fact]
    public async Task A_line_over_64_KiB_is_refused_naming_the_file_and_line()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        SetConfig(ws, DevAdmin + "\n[profile long]\nsource_profile = bastion-sts\nrole_arn = arn:aws:iam::333333333333:role/" + new string('A', 70_000) + "\n");

        await AssertRefusedAsync(ws, $"{ws.ConfigPath()} line 12 is longer than 65536 characters, more than any AWS setting needs; fix or remove that line");
    }

    [Fact]
    public async Task A_NUL_in_role_arn_is_refused_and_never_sent_to_STS()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        SetConfig(ws, "[profile dev-admin]\nrole_arn = arn:aws:iam::333333333333:role/Admin\0x\nsource_profile = bastion-sts\n");

        await AssertRefusedAsync(ws, $"{ws.ConfigPath()} line 6 holds a control character (U+0000), which no AWS setting does; fix that line");
    }

    [Fact]
    public async Task A_role_arn_that_is_not_an_IAM_role_ARN_is_refused_naming_the_profile_and_the_file()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        SetConfig(ws, "[profile dev-admin]\nrole_arn = arn:aws:iam::3333:role/Admin\nsource_profile = bastion-sts\n");

        await AssertRefusedAsync(ws, $"profile 'dev-admin' of {ws.ConfigPath()}: role_arn 'arn:aws:iam::3333:role/Admin' is not an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME); fix it there");
    }

    [Fact]
    public async Task A_onelogin_json_file_over_10_MB_is_refused_before_any_request()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var sdk = Path.Combine(ws.ConfigDirectory, "onelogin.aws.json");
        File.WriteAllText(sdk, "{\"padding\": \"" + new string('A', 11 * 1024 * 1024) + "\"}");

        var result = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory]);

        Assert.True(result.ExitCode == ExitCodes.Usage, result.ToString());
        Assert.Equal($"samlassume: error: {sdk} is over 10 MB, more than any configuration file needs: samlassume does not read it; check what wrote it\n", result.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }
}

/// <summary>
/// Issue 23, item 11 (part): a section twice in an AWS shared file is an error, as it is to the AWS CLI (botocore's
/// RawConfigParser is strict: DuplicateSectionError, "Unable to parse config file").
/// </summary>
public sealed class DuplicateSectionTests
{
    [Fact]
    public async Task A_duplicate_profile_section_in_the_config_or_credentials_file_names_the_file_section_and_lines()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var config = File.ReadAllText(ws.ConfigPath());
        File.AppendAllText(ws.ConfigPath(), "\n[profile dev-admin]\nrole_arn = arn:aws:iam::444444444444:role/Admin\nsource_profile = bastion-sts\n");
        var secondLine = config.Split('\n').Length + 1;

        var process = await CliRun.RunAsync(ws, ["credential-process", "--profile", "dev-admin"], environment: ConfigFileBoundsTests.Code);

        Assert.True(process.ExitCode == ExitCodes.Usage, process.ToString());
        Assert.Equal($"samlassume: error: {ws.ConfigPath()} line {secondLine}: section [profile dev-admin] appears twice (first at line 5), which the AWS CLI refuses too; merge the two into one\n", process.Stderr);

        File.WriteAllText(ws.ConfigPath(), config);
        var credentialsLine = File.ReadAllText(ws.CredentialsPath).Split('\n').Length;
        File.AppendAllText(ws.CredentialsPath, "[bastion]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = x\n");
        var session = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", "123456");

        Assert.True(session.ExitCode == ExitCodes.Usage, session.ToString());
        Assert.Equal($"samlassume: error: {ws.CredentialsPath} line {credentialsLine}: section [bastion] appears twice (first at line 1), which the AWS CLI refuses too; merge the two into one\n", session.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [Fact]
    public async Task A_key_twice_in_one_section_is_refused_as_the_AWS_CLI_refuses_it()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var config = File.ReadAllLines(ws.ConfigPath()).ToList();
        var section = config.FindIndex(l => l.Trim() == "[profile dev-admin]");
        var roleLine = config.FindIndex(section, l => l.StartsWith("role_arn", StringComparison.Ordinal));
        config.Insert(roleLine + 1, "Role_ARN = arn:aws:iam::444444444444:role/Admin");
        File.WriteAllLines(ws.ConfigPath(), config);

        var process = await CliRun.RunAsync(ws, ["credential-process", "--profile", "dev-admin"], environment: ConfigFileBoundsTests.Code);

        Assert.True(process.ExitCode == ExitCodes.Usage, process.ToString());
        Assert.Equal($"samlassume: error: {ws.ConfigPath()} line {roleLine + 2}: role_arn appears twice in section [profile dev-admin] (first at line {roleLine + 1}), which the AWS CLI refuses too; keep one\n", process.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }
}
