using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Login;

/// <summary><c>--all-roles</c> and <c>--roles</c>: one sign-in, many profiles, a table, and an honest exit code.</summary>
public sealed class ManyRolesTests
{
    private static TestWorkspace WithAliases(TestWorkspace ws)
    {
        ws.WithSdkConfig();
        // 333333333333 has no alias here, so its profiles are named by account id.
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"111111111111\": prod\n  \"222222222222\": staging\n");
        return ws;
    }

    [Fact]
    public async Task All_roles_are_written_each_into_its_own_profile_from_one_sign_in()
    {
        await using var ws = WithAliases(await TestWorkspace.StartAsync());

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "--aws-region", "eu-west-1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var file = new CredentialsFile(ws.CredentialsPath);
        Assert.Equal(
            ["prod-Admin", "prod-Developer", "prod-ReadOnly", "staging-Admin", "staging-Developer", "staging-ReadOnly", "333333333333-Admin", "333333333333-Developer", "333333333333-ReadOnly"],
            file.ProfileNames());
        Assert.Equal("eu-west-1", file.ReadProfile("staging-Admin")!["region"]);
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Admin/demo@example.com",
            await LoginTests.CallerIdentityArnAsync(ws, file.ReadProfile("staging-Admin")!));
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(9, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        var table = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("PROFILE", table[0]);
        Assert.Equal(10, table.Length);
        Assert.All(table.Skip(1), row => Assert.EndsWith("  -", row));
    }

    [Theory]
    [InlineData("prod/*", new[] { "prod-Admin", "prod-Developer", "prod-ReadOnly" })]
    [InlineData("*/readonly", new[] { "prod-ReadOnly", "staging-ReadOnly", "333333333333-ReadOnly" })]
    [InlineData("/^(222222222222|333333333333)\\/Admin$/", new[] { "staging-Admin", "333333333333-Admin" })]
    public async Task Roles_pattern_matches_account_or_alias_slash_role(string pattern, string[] expected)
    {
        await using var ws = WithAliases(await TestWorkspace.StartAsync());

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--roles", pattern));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(expected.Order(), new CredentialsFile(ws.CredentialsPath).ProfileNames().Order());
    }

    [Fact]
    public async Task One_failing_role_does_not_stop_the_others_and_the_exit_code_says_so()
    {
        // prod's Admin role does not trust the SAML provider: STS answers AccessDenied for it alone.
        var tenant = TenantJson.LoadDefault();
        tenant.Accounts.Single(a => a.AccountId == "111111111111").Roles.Single(r => r.Name == "Admin").TrustsSaml = false;
        await using var ws = WithAliases(await TestWorkspace.StartAsync(new SandboxOptions { TenantJson = TenantJson.Serialize(tenant) }));
        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--roles", "prod/*", "--profile-template", "{account}-{role}", "--max-parallel", "2"));

        Assert.Equal(5, result.ExitCode);
        Assert.Equal(["111111111111-Developer", "111111111111-ReadOnly"], new CredentialsFile(ws.CredentialsPath).ProfileNames().Order());
        var rows = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Contains(rows, r => r.StartsWith("111111111111-Admin") && r.Contains("AccessDenied"));
        Assert.Contains(rows, r => r.StartsWith("111111111111-ReadOnly") && r.EndsWith("  -"));
        Assert.Contains("1 role(s) failed", result.Stderr);
    }

    [Fact]
    public async Task A_template_that_names_two_roles_alike_is_refused_before_sts()
    {
        await using var ws = WithAliases(await TestWorkspace.StartAsync());

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--all-roles", "--profile-template", "{alias}"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--profile-template", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_credentials_file_that_cannot_be_written_keeps_every_role_in_the_cache_and_says_how_to_get_them()
    {
        await using var ws = WithAliases(await TestWorkspace.StartAsync());
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        // Writable and regular, so the login goes ahead; but a duplicate section, which the write refuses unrepaired.
        const string Broken = "[a]\nk = v\n[a]\nk = w\n";
        File.WriteAllText(ws.CredentialsPath, Broken);

        var result = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "--roles", "prod/*"));

        Assert.True(result.ExitCode == ExitCodes.CredentialsFile, result.ToString());
        Assert.Equal(Broken, File.ReadAllText(ws.CredentialsPath));
        var error = Assert.Single(result.Stderr.Split('\n'), l => l.StartsWith("samlassume: error:", StringComparison.Ordinal));
        Assert.Contains("3 profiles are kept in", error);
        Assert.Contains("samlassume env -p", error);
        // The table still says what STS answered for each role.
        Assert.Equal(4, result.Stdout.TrimEnd('\n').Split('\n').Length);

        // Each role served from the cache: no second sign-in, the role STS issued for that profile.
        foreach (var (profile, role) in new[] { ("prod-Admin", "Admin"), ("prod-ReadOnly", "ReadOnly") })
        {
            var env = await ws.RunAsync("env", "-p", profile, "--format", "json");
            Assert.True(env.ExitCode == 0, env.ToString());
            Assert.Contains("ASIA", env.Stdout);
            var keys = System.Text.Json.JsonDocument.Parse(env.Stdout).RootElement;
            var profileKeys = new Dictionary<string, string>
            {
                ["aws_access_key_id"] = keys.GetProperty("AWS_ACCESS_KEY_ID").GetString()!,
                ["aws_secret_access_key"] = keys.GetProperty("AWS_SECRET_ACCESS_KEY").GetString()!,
                ["aws_session_token"] = keys.GetProperty("AWS_SESSION_TOKEN").GetString()!,
            };
            Assert.Equal($"arn:aws:sts::111111111111:assumed-role/{role}/demo@example.com", await LoginTests.CallerIdentityArnAsync(ws, profileKeys));
        }
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }
}
