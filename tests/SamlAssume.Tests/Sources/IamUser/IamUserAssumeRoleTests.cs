using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>`samlassume assume-role` through the real command line: many roles from one MFA session, loops, bad chains.</summary>
public sealed class IamUserAssumeRoleTests
{
    [Fact]
    public async Task Named_profiles_are_assumed_from_one_session_and_written_in_one_replacement()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "prod-readonly", "--otp", IamUserSetup.Code());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(@"dev-admin\s+333333333333\s+Admin\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+-", result.Stdout);
        Assert.Matches(@"prod-readonly\s+111111111111\s+ReadOnly", result.Stdout);
        var file = File.ReadAllText(ws.CredentialsPath);
        Assert.Contains("[dev-admin]", file);
        Assert.Contains("region = eu-west-1", file);
        Assert.Contains("[prod-readonly]", file);
        Assert.StartsWith($"[bastion]\naws_access_key_id = {SandboxUsers.Alice.AccessKeyId}\naws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}\n", file);
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(2, ws.Count(SandboxEndpoints.AssumeRole));
        // duration_seconds of the profile reached STS; the role session is not role chaining, so 2 h is allowed.
        Assert.Contains(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.AssumeRole && e.Fields.GetValueOrDefault("duration_seconds") == "7200");
    }

    [Fact]
    public async Task All_takes_every_profile_leading_to_the_source_and_a_second_run_needs_no_code()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(extraConfig: """
            [profile unrelated]
            role_arn = arn:aws:iam::111111111111:role/Admin
            source_profile = somewhere-else
            """);

        var first = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--otp", IamUserSetup.Code(), "--max-parallel", "2");
        var second = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.True(second.ExitCode == 0, second.ToString());
        foreach (var profile in new[] { "dev-admin", "prod-readonly", "staging-dev" }) Assert.Contains($"[{profile}]", File.ReadAllText(ws.CredentialsPath));
        Assert.DoesNotContain("[unrelated]", File.ReadAllText(ws.CredentialsPath));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(6, ws.Count(SandboxEndpoints.AssumeRole));
    }

    [Fact]
    public async Task Role_arn_with_json_prints_one_role_and_writes_nothing()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--role-arn", "arn:aws:iam::222222222222:role/ReadOnly", "--json", "--otp", IamUserSetup.Code());

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.StartsWith("ASIA", json.RootElement.GetProperty("AccessKeyId").GetString());
        Assert.DoesNotContain("[", File.ReadAllText(ws.CredentialsPath).Replace("[bastion]", ""));
    }

    [Fact]
    public async Task Role_arn_with_a_profile_name_writes_that_profile()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();

        var result = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--role-arn", "arn:aws:iam::222222222222:role/Admin", "-p", "adhoc", "--otp", IamUserSetup.Code());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[adhoc]", File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_profile_that_does_not_lead_to_the_source_is_refused_before_any_call()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(extraConfig: """
            [profile other]
            role_arn = arn:aws:iam::111111111111:role/Admin
            source_profile = dev-admin
            """);

        var result = await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "other", "--otp", IamUserSetup.Code());

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("samlassume: error: profile 'other' leads to 'dev-admin', which is neither source profile 'bastion' nor a `samlassume session-token --source-profile bastion` profile\n", result.Stderr);
        Assert.Equal(0, ws.Count(SandboxEndpoints.GetSessionToken));
    }

    [Fact]
    public async Task A_role_sts_refuses_is_reported_in_the_table_and_the_others_are_written()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(extraConfig: """
            [profile nowhere]
            role_arn = arn:aws:iam::999999999999:role/Admin
            source_profile = bastion
            """);

        var result = await ws.RunAsync("assume-role", "--source-profile", "bastion", "dev-admin", "nowhere", "--otp", IamUserSetup.Code());

        Assert.Equal(5, result.ExitCode);
        Assert.Matches(@"nowhere\s+999999999999\s+Admin\s+-\s+AWS STS refused AssumeRole arn:aws:iam::999999999999:role/Admin: AccessDenied", result.Stdout);
        Assert.Contains("[dev-admin]", File.ReadAllText(ws.CredentialsPath));
        Assert.DoesNotContain("[nowhere]", File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_loop_renews_roles_from_the_cached_session_and_asks_again_only_when_the_session_ends()
    {
        var clock = new AutoAdvancingClock(DateTimeOffset.UtcNow);
        await using var ws = (await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock })).WithBastion();
        var asked = 0;
        var terminal = new ScriptedInput().LineFrom(() => { asked++; return IamUserSetup.Code(clock); });

        // A one-hour session and a run every 45 minutes: runs 1 and 2 use the first session, run 3 needs a new one.
        var result = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "dev-admin", "--session-duration", "3600", "-l", "3", "-t", "45", "--otp", IamUserSetup.Code(clock)],
            terminal: terminal, clock: clock);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(3, ws.Count(SandboxEndpoints.AssumeRole));
        Assert.Equal(2, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(1, asked);
        Assert.Equal([TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(45)], clock.Waits);
    }

    [Fact]
    public async Task A_loop_whose_session_ends_without_a_terminal_stops_with_the_reason()
    {
        var clock = new AutoAdvancingClock(DateTimeOffset.UtcNow);
        await using var ws = (await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock })).WithBastion();

        var result = await CliRun.RunAsync(ws, ["assume-role", "--source-profile", "bastion", "dev-admin", "--session-duration", "3600", "-l", "3", "-t", "45", "--otp", IamUserSetup.Code(clock)], clock: clock);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains($"an MFA code for {SandboxUsers.Alice.MfaSerial} is needed and there is no terminal to ask", result.Stderr);
        Assert.Equal(2, ws.Count(SandboxEndpoints.AssumeRole));
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
    }
}
