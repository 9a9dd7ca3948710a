using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// What awscli_bastion, stscreds, stslib and aws-sts-helpers users do, through the real command line against the
/// sandbox (issue 24, items 1–7): each test first sets up the user's own layout, then checks what AWS sees.
/// </summary>
public sealed class BastionWorkflowTests
{
    private const string Alice = "arn:aws:iam::444444444444:user/alice";

    private static Dictionary<string, string?> Code(TimeProvider? clock = null) => new() { ["AWS_MFA_CODE"] = IamUserSetup.Code(clock) };

    /// <summary>A code of the next time step: valid now and in the next step, and not the one <see cref="IamUserSetup.Code"/> gives now.</summary>
    private static string NextCode() => BastionCodes.Next();

    [Fact]
    public async Task Clear_cache_credentials_file_strips_only_the_keys_of_awscli_bastions_role_profiles()
    {
        await using var ws = await TestWorkspace.StartAsync();
        // awscli_bastion's documented layout: everything in ~/.aws/credentials, role profiles included.
        ws.WithBastion();
        File.WriteAllText(ws.ConfigPath(), "");
        File.WriteAllText(ws.CredentialsPath, $"""
            [bastion]
            aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
            aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}

            [bastion-sts]
            mfa_serial = {SandboxUsers.Alice.MfaSerial}
            credential_process = samlassume session-token --source-profile bastion

            # the admin role in dev
            [dev-admin]
            role_arn = arn:aws:iam::333333333333:role/Admin
            source_profile = bastion-sts
            role_session_name = alice

            """);
        var before = File.ReadAllText(ws.CredentialsPath);
        var assumed = await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "--otp", IamUserSetup.Code());
        Assert.True(assumed.ExitCode == 0, assumed.ToString());
        Assert.Contains("aws_session_token", File.ReadAllText(ws.CredentialsPath));

        var cleared = await ws.RunAsync("clear-cache", "--credentials-file");

        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.Contains("Removed the temporary credentials of [dev-admin]", cleared.Stderr);
        var after = new SamlAssume.Aws.CredentialsFile(ws.CredentialsPath).ReadProfile("dev-admin")!;
        Assert.Equal(["role_arn", "role_session_name", "source_profile"], after.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, File.ReadAllText(ws.CredentialsPath)); // every byte of the user's layout is back
        // …and the profile still works (clear-cache dropped the MFA session too: one new code).
        var env = await CliRun.RunAsync(ws, ["env", "-p", "dev-admin"], environment: new Dictionary<string, string?> { ["AWS_MFA_CODE"] = NextCode() });
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice", await IamUserCalls.WhoAsync(ws, IamUserCalls.Exports(env.Stdout)));
    }

    [Fact]
    public async Task Mfa_serial_on_the_role_profile_is_used_by_env_exec_and_assume_role_all()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithBastion();
        // The AWS CLI's own layout (and stslib's): the device is named on the role profile, not on the source.
        File.WriteAllText(ws.ConfigPath(), $"""
            [profile acme]
            role_arn = arn:aws:iam::333333333333:role/Admin
            source_profile = bastion
            mfa_serial = {SandboxUsers.Alice.MfaSerial}

            [profile acme-ro]
            role_arn = arn:aws:iam::111111111111:role/ReadOnly
            source_profile = bastion
            mfa_serial = {SandboxUsers.Alice.MfaSerial}

            """);
        ws.Environment["AWS_ENDPOINT_URL_IAM"] = "http://127.0.0.1:9/"; // no IAM lookup can have helped
        var dump = Path.Combine(ws.Root, "exec.txt");

        var env = await CliRun.RunAsync(ws, ["env", "-p", "acme"], environment: Code());
        var exec = await ws.RunAsync("exec", "-p", "acme-ro", "--", "/bin/sh", "-c", $"env > '{dump}'");
        var all = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all");

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/samlassume-bastion", await IamUserCalls.WhoAsync(ws, IamUserCalls.Exports(env.Stdout)));
        Assert.True(exec.ExitCode == 0, exec.ToString());
        Assert.True(all.ExitCode == 0, all.ToString());
        Assert.Contains("acme-ro", all.AllOutput);
        Assert.Equal(SandboxUsers.Alice.MfaSerial, ws.Sandbox.Journal.Entries.Single(e => e.Endpoint == SandboxEndpoints.GetSessionToken).Fields["serial_number"]);
        Assert.Equal(0, ws.Count(SandboxEndpoints.IamListMfaDevices));
    }

    [Fact]
    public async Task A_900_second_session_is_served_again_by_session_token_and_by_role_profiles()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var first = await ws.RunAsync("session-token", "--source-profile", "bastion", "-z", "900", "--otp", IamUserSetup.Code());
        var again = await ws.RunAsync("session-token", "--source-profile", "bastion", "-z", "900");
        var role = await ws.RunAsync("env", "-p", "staging-dev");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(first.Stdout, again.Stdout);
        Assert.True(role.ExitCode == 0, role.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task Session_token_with_a_new_code_renews_and_clear_cache_profile_drops_the_session()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var first = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", IamUserSetup.Code());
        var renewed = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", NextCode());
        var cleared = await ws.RunAsync("clear-cache", "--profile", "bastion");
        var none = await ws.RunAsync("session-token", "--source-profile", "bastion");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(renewed.ExitCode == 0, renewed.ToString());
        static string KeyOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("AccessKeyId").GetString()!;
        Assert.NotEqual(KeyOf(first.Stdout), KeyOf(renewed.Stdout));
        Assert.Equal(2, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.True(cleared.ExitCode == 0, cleared.ToString());
        Assert.Contains(Path.Combine("sessions", "bastion.json"), cleared.Stderr);
        Assert.DoesNotContain("Nothing cached", cleared.Stderr);
        Assert.Equal(2, none.ExitCode); // the session is gone: a code is needed again
        Assert.Contains("an MFA code for arn:aws:iam::444444444444:mfa/alice is needed", none.Stderr);
    }

    [Fact]
    public async Task Session_token_format_sh_exports_the_session_and_env_of_the_session_profile_gives_it_too()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var sh = await ws.RunAsync("session-token", "--source-profile", "bastion", "--format", "sh", "--otp", IamUserSetup.Code());
        var env = await ws.RunAsync("env", "-p", "bastion-sts", "--format", "dotenv");
        var json = await ws.RunAsync("session-token", "--source-profile", "bastion", "--format", "json");
        var bad = await ws.RunAsync("session-token", "--source-profile", "bastion", "--format", "csv");

        Assert.True(sh.ExitCode == 0, sh.ToString());
        Assert.Equal(Alice, await IamUserCalls.WhoAsync(ws, IamUserCalls.Exports(sh.Stdout)));
        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.DoesNotContain("OneLogin", env.AllOutput);
        var dotenv = env.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        Assert.Equal(Alice, await IamUserCalls.WhoAsync(ws, dotenv));
        Assert.Equal(IamUserCalls.Exports(sh.Stdout)["AWS_ACCESS_KEY_ID"], dotenv["AWS_ACCESS_KEY_ID"]);
        Assert.True(json.ExitCode == 0, json.ToString());
        Assert.Equal(dotenv["AWS_ACCESS_KEY_ID"], JsonDocument.Parse(json.Stdout).RootElement.GetProperty("AWS_ACCESS_KEY_ID").GetString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(2, bad.ExitCode);
        Assert.Equal("samlassume: error: --format must be one of sh, fish, powershell, dotenv, json, not \"csv\"\n", bad.Stderr);
        Assert.DoesNotContain(SandboxUsers.Alice.SecretAccessKey, sh.AllOutput + env.AllOutput + json.AllOutput);
        Assert.DoesNotContain(IamUserCalls.Exports(sh.Stdout)["AWS_SECRET_ACCESS_KEY"], sh.Stderr);
    }

    [Fact]
    public async Task Set_default_of_a_role_profile_without_keys_assumes_it_and_default_is_that_role()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await CliRun.RunAsync(ws, ["set-default", "dev-admin"], environment: Code());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Wrote the credentials of [dev-admin] (arn:aws:sts::333333333333:assumed-role/Admin/alice) into [default]", result.Stderr);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice", await IamUserCalls.WhoIsProfileAsync(ws, "default"));
        Assert.Equal("eu-west-1", IamUserCalls.Profile(ws, "default")["region"]);
        Assert.DoesNotContain("aws_session_token", File.ReadAllText(ws.ConfigPath()));
        var unknown = await ws.RunAsync("set-default", "nope");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("there is no profile [nope]", unknown.Stderr);
    }

    [Fact]
    public async Task Assume_role_from_env_signs_with_the_exported_session_and_needs_no_source_profile()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var sh = await ws.RunAsync("session-token", "--source-profile", "bastion", "--format", "sh", "--otp", IamUserSetup.Code());
        Assert.True(sh.ExitCode == 0, sh.ToString());
        var session = IamUserCalls.Exports(sh.Stdout).ToDictionary(p => p.Key, p => (string?)p.Value);

        var json = await CliRun.RunAsync(ws, ["assume-role", "--from-env", "--role-arn", "arn:aws:iam::111111111111:role/ReadOnly", "--json"], environment: session);
        var written = await CliRun.RunAsync(ws, ["assume-role", "--from-env", "--role-arn", "arn:aws:iam::222222222222:role/Developer", "-p", "ci-dev"], environment: session);
        var missing = await ws.RunAsync("assume-role", "--from-env", "--role-arn", "arn:aws:iam::111111111111:role/ReadOnly", "--json");
        var both = await ws.RunAsync("assume-role", "--from-env", "--source-profile", "bastion", "--role-arn", "arn:aws:iam::111111111111:role/ReadOnly", "--json");
        var neither = await ws.RunAsync("assume-role", "--role-arn", "arn:aws:iam::111111111111:role/ReadOnly", "--json");

        Assert.True(json.ExitCode == 0, json.ToString());
        var role = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("arn:aws:sts::111111111111:assumed-role/ReadOnly/samlassume-environment",
            await IamUserCalls.WhoAsync(ws, role.GetProperty("AccessKeyId").GetString()!, role.GetProperty("SecretAccessKey").GetString()!, role.GetProperty("SessionToken").GetString()));
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.StartsWith("arn:aws:sts::222222222222:assumed-role/Developer/", await IamUserCalls.WhoIsProfileAsync(ws, "ci-dev"));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("samlassume: error: --from-env: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not both set in the environment\n", missing.Stderr);
        Assert.Equal(2, both.ExitCode);
        Assert.Equal("samlassume: error: give --source-profile or --from-env, not both\n", both.Stderr);
        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--source-profile NAME is required", neither.Stderr);
    }
}
