using SamlAssume.Aws;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary><c>-x/--interactive</c>: after each run, another role, another user, another profile name, or quit.</summary>
public sealed class InteractiveLoopTests
{
    [Fact]
    public async Task Each_menu_answer_is_acted_on()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var keys = new ScriptedInput()
            .Line("1")                 // another role, same user
            .Line("5")                 //   222222222222 / Developer
            .Line("3")                 // another profile name
            .Line("other")             //   [other], same role
            .Line("2")                 // change user
            .Line("solo@example.com")
            .Line("solo-password")     //   solo has one role: taken without asking
            .Line("4");                // quit

        var result = await CliRun.RunAsync(ws,
            ws.LoginArgs("demo@example.com", "demo-password", "-x", "-p", "first", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1"),
            keys, ansi: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, keys.Remaining);
        var file = new CredentialsFile(ws.CredentialsPath);
        Assert.Equal(["first", "other"], file.ProfileNames());
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", await LoginTests.CallerIdentityArnAsync(ws, file.ReadProfile("first")!));
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/ReadOnly/solo@example.com", await LoginTests.CallerIdentityArnAsync(ws, file.ReadProfile("other")!));
        // demo@ signed in once (the assertion was reused for the second role and the new profile); solo@ once.
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(4, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }
}
