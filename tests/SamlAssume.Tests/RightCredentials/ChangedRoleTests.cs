using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 1: the cache serves only credentials for what the settings resolve to now. After a profile's role
/// or account changes (onelogin.aws.json, or role_arn of an IAM-user role profile), credential-process — its fast path
/// included — and env sign in again instead of serving the old role until it expires; -v says why.
/// </summary>
public sealed class ChangedRoleTests
{
    [Fact, Trait(Native, Yes)]
    public async Task A_changed_role_or_account_in_onelogin_aws_json_is_signed_in_again_by_credential_process_and_env()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var password = ProfileSetup.Password("demo-password");
        string[] process = ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory];

        var first = await ProfileSetup.RunChildAsync(ws, password, process);
        var again = await ProfileSetup.RunChildAsync(ws, password, process);
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(KeyOf(first.Stdout), KeyOf(again.Stdout));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Contains("333333333333:assumed-role/Developer/", ws.CachedField(ProfileSetup.Profile, "AssumedRoleArn"));

        ws.SetDevRole("333333333333", "ReadOnly");
        var readOnly = await ProfileSetup.RunChildAsync(ws, password, process);

        Assert.True(readOnly.ExitCode == 0, readOnly.ToString());
        Assert.NotEqual(KeyOf(first.Stdout), KeyOf(readOnly.Stdout));
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Contains("333333333333:assumed-role/ReadOnly/", ws.CachedField(ProfileSetup.Profile, "AssumedRoleArn"));

        ws.SetDevRole("111111111111", "ReadOnly");
        var env = await ProfileSetup.RunChildAsync(ws, password, "env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "-v");

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("signing in again", env.Stderr);
        Assert.Contains("in account 111111111111", env.Stderr);
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Contains("111111111111:assumed-role/ReadOnly/", ws.CachedField(ProfileSetup.Profile, "AssumedRoleArn"));
    }

    [Fact, Trait(Native, Yes)]
    public async Task A_changed_role_arn_of_an_IAM_user_role_profile_is_assumed_again_not_served_from_the_cache()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var code = new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() };

        var first = await ProfileSetup.RunChildAsync(ws, code, "credential-process", "--profile", "dev-admin");
        var again = await ProfileSetup.RunChildAsync(ws, NoExtra, "credential-process", "--profile", "dev-admin");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal(KeyOf(first.Stdout), KeyOf(again.Stdout));

        File.WriteAllText(ws.ConfigPath(), File.ReadAllText(ws.ConfigPath()).Replace("333333333333:role/Admin", "333333333333:role/ReadOnly", StringComparison.Ordinal));
        var changed = await ProfileSetup.RunChildAsync(ws, NoExtra, "credential-process", "--profile", "dev-admin");

        Assert.True(changed.ExitCode == 0, changed.ToString());
        Assert.NotEqual(KeyOf(first.Stdout), KeyOf(changed.Stdout));
        Assert.Contains("333333333333:assumed-role/ReadOnly/", ws.CachedField("dev-admin", "AssumedRoleArn"));
        Assert.Equal(["arn:aws:iam::333333333333:role/Admin", "arn:aws:iam::333333333333:role/ReadOnly"],
            ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRole).Select(e => e.Fields["role_arn"]));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact, Trait(Native, Yes)]
    public async Task An_edit_that_names_the_same_role_keeps_the_cache_and_the_fast_path_serves_it_again()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var password = ProfileSetup.Password("demo-password");
        string[] process = ["credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory];
        var first = await ProfileSetup.RunChildAsync(ws, password, process);
        var inputsBefore = ws.CachedField(ProfileSetup.Profile, "Inputs");

        // Another profile's entry changes: [sandbox-dev] still resolves to the same role and user.
        ws.SetDevRole("333333333333", "Developer");
        File.AppendAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json"), "\n");
        var afterEdit = await ProfileSetup.RunChildAsync(ws, password, process);
        var fast = await ProfileSetup.RunChildAsync(ws, password, process);

        Assert.True(afterEdit.ExitCode == 0, afterEdit.ToString());
        Assert.Equal(KeyOf(first.Stdout), KeyOf(afterEdit.Stdout));
        Assert.Equal(KeyOf(first.Stdout), KeyOf(fast.Stdout));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        // The full path gave the entry the files' new fingerprint, so the fast path answers again.
        Assert.NotEqual(inputsBefore, ws.CachedField(ProfileSetup.Profile, "Inputs"));
    }
}

/// <summary>Issue 23, item 14: the documented assembly report works in the native binary too.</summary>
public sealed class AssemblyReportTests
{
    [Fact, Trait(Native, Yes)]
    public async Task The_loaded_assembly_report_is_written_and_the_command_exits_normally()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var report = Path.Combine(ws.Root, "assemblies.txt");

        var result = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?> { ["SAMLASSUME_REPORT_ASSEMBLIES"] = report, ["ONELOGIN_PASSWORD"] = "demo-password" },
            "credential-process", "--profile", ProfileSetup.Profile, "-c", ws.ConfigDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("samlassume", File.ReadAllLines(report));
    }
}
