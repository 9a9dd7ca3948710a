using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 2: a profile no configuration names is never signed in with someone's global settings. For env,
/// exec, credential-process, serve and console, a --profile that is neither an entry of onelogin.aws.json nor an
/// IAM-user role profile is an error before any network call, with "did you mean"; a role profile whose chain the
/// IAM-user source cannot follow says which link; a chain of two roles is followed, as the AWS CLI does.
/// </summary>
public sealed class NamedProfileTests
{
    [Fact, Trait(Native, Yes)]
    public async Task A_mistyped_profile_is_refused_before_any_network_call_by_every_profile_command()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var password = ProfileSetup.Password("demo-password");
        string[][] commands =
        [
            ["env", "-p", "sandbox-dve", "-c", ws.ConfigDirectory],
            ["exec", "-p", "sandbox-dve", "-c", ws.ConfigDirectory, "--", "/bin/true"],
            ["credential-process", "--profile", "sandbox-dve", "-c", ws.ConfigDirectory],
            ["serve", "--profile", "sandbox-dve", "-c", ws.ConfigDirectory],
            ["console", "--profile", "sandbox-dve", "-c", ws.ConfigDirectory, "--print"],
        ];

        foreach (var command in commands)
        {
            var result = await ProfileSetup.RunChildAsync(ws, password, command);
            Assert.True(result.ExitCode == ExitCodes.Usage, $"{command[0]}: {result}");
            Assert.Contains("profile [sandbox-dve] is named by no configuration", result.Stderr);
            Assert.Contains("did you mean [sandbox-dev]?", result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [Fact, Trait(Native, Yes)]
    public async Task A_role_profile_the_IAM_user_source_cannot_follow_names_the_link_and_never_falls_to_the_global_settings()
    {
        // onelogin.aws.json's globals would sign in demo@example.com and return some role: that must not happen.
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles().WithBastion(extraConfig: """
            [profile two]
            role_arn = arn:aws:iam::222222222222:role/ReadOnly
            source_profile = two

            [profile ring-a]
            role_arn = arn:aws:iam::222222222222:role/ReadOnly
            source_profile = ring-b

            [profile ring-b]
            role_arn = arn:aws:iam::111111111111:role/ReadOnly
            source_profile = ring-a

            [profile sso]
            sso_session = corp

            [profile via-sso]
            role_arn = arn:aws:iam::222222222222:role/ReadOnly
            source_profile = sso

            [profile other-process]
            credential_process = /bin/echo

            [profile via-process]
            role_arn = arn:aws:iam::222222222222:role/ReadOnly
            source_profile = other-process

            [profile from-ec2]
            role_arn = arn:aws:iam::222222222222:role/ReadOnly
            credential_source = Ec2InstanceMetadata
            """);
        var password = ProfileSetup.Password("demo-password");
        var expected = new Dictionary<string, string>
        {
            ["two"] = "[two] names itself as its source_profile",
            ["ring-a"] = "source_profile goes round in a circle: [ring-a] -> [ring-b] -> [ring-a]",
            ["via-sso"] = "[via-sso]'s source_profile [sso] is an SSO profile",
            ["via-process"] = "[via-process]'s source_profile [other-process] gets its credentials from a credential_process",
            ["from-ec2"] = "[from-ec2] takes its credentials from credential_source = Ec2InstanceMetadata",
        };

        foreach (var (profile, link) in expected)
        {
            var result = await ProfileSetup.RunChildAsync(ws, password, "credential-process", "--profile", profile, "-c", ws.ConfigDirectory);
            Assert.True(result.ExitCode == ExitCodes.Usage, $"{profile}: {result}");
            Assert.Contains($"profile [{profile}] is a role profile of {ws.ConfigPath()} that samlassume cannot follow: {link}", result.Stderr);
            Assert.Equal("", result.Stdout);
        }
        Assert.Empty(ws.Sandbox.Journal.Entries);
    }

    [Fact, Trait(Native, Yes)]
    public async Task A_chain_of_two_roles_is_followed_as_the_AWS_CLI_follows_it()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithBastion(extraConfig: """
            [profile chained]
            role_arn = arn:aws:iam::111111111111:role/ReadOnly
            source_profile = dev-admin
            role_session_name = alice-chained
            """);

        var result = await ProfileSetup.RunChildAsync(ws, new Dictionary<string, string?> { ["AWS_MFA_CODE"] = IamUserSetup.Code() },
            "credential-process", "--profile", "chained");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(1, ws.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(["arn:aws:iam::333333333333:role/Admin", "arn:aws:iam::111111111111:role/ReadOnly"],
            ws.Sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.AssumeRole).Select(e => e.Fields["role_arn"]));
        Assert.Contains("arn:aws:sts::111111111111:assumed-role/ReadOnly/alice-chained", ws.CachedField("chained", "AssumedRoleArn"));
    }
}
