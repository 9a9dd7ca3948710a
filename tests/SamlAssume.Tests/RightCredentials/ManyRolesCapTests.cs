using System.Text;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 11 (part): assume-role over more role profiles than anyone assumes by hand (over 1,000) is refused
/// before any request unless --max-roles says how many to take; with it, exactly those are assumed.
/// </summary>
public sealed class ManyRolesCapTests
{
    [Fact]
    public async Task Assume_role_all_over_ten_thousand_profiles_is_refused_before_any_request_unless_max_roles_allows_it()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion();
        var many = new StringBuilder();
        for (var i = 0; i < 10_000; i++)
            many.Append($"\n[profile role-{i:D5}]\nrole_arn = arn:aws:iam::333333333333:role/Role{i}\nsource_profile = bastion-sts\n");
        var config = File.ReadAllText(ws.ConfigPath());
        File.AppendAllText(ws.ConfigPath(), many.ToString());

        var all = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--otp", "123456");

        Assert.True(all.ExitCode == ExitCodes.Usage, all.ToString());
        Assert.Equal("samlassume: error: --all names 10003 role profiles, more than the 1000 samlassume assumes without being told: " +
                     "name the profiles you need (assume-role PROFILE…), or give --max-roles 10003 to assume them all\n", all.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);

        // The cap is the user's to set; under it, the run goes ahead.
        File.WriteAllText(ws.ConfigPath(), config);
        var under = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--max-roles", "2", "--otp", "123456");
        Assert.True(under.ExitCode == ExitCodes.Usage, under.ToString());
        Assert.Equal("samlassume: error: --all names 3 role profiles, more than --max-roles 2: " +
                     "name the profiles you need (assume-role PROFILE…), or give --max-roles 3 to assume them all\n", under.Stderr);
        Assert.Empty(ws.Sandbox.Journal.Entries);

        var allowed = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--max-roles", "3", "--otp", IamUserSetup.Code());
        Assert.True(allowed.ExitCode == 0, allowed.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(3, ws.Count(SandboxEndpoints.AssumeRole));

        var zero = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--all", "--max-roles", "0");
        Assert.True(zero.ExitCode == ExitCodes.Usage, zero.ToString());
        Assert.Equal("samlassume: error: --max-roles must be at least 1, not 0\n", zero.Stderr);
    }
}
