using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Cli;

/// <summary>The command line's surface: every option of OneLogin's Python tool is accepted under its own names.</summary>
public sealed class CommandLineTests
{
    public static readonly string[] PythonToolOptions =
    [
        "-i", "--client_id", "-s", "--client_secret", "-r", "--region", "-t", "--time", "-l", "--loop", "-p", "--profile",
        "-f", "--file", "-u", "--onelogin-username", "--onelogin-password", "--otp", "-a", "--onelogin-app-id",
        "-d", "--onelogin-subdomain", "-z", "--duration", "-x", "--interactive", "-c", "--config-file-path",
        "--aws-region", "--aws-account-id", "--aws-role-name", "--cache-saml", "--role_order", "--ip", "--saml-api-version",
    ];

    [Theory]
    [InlineData("login", "--help")] // the root's help is a map of the commands (Cli/HelpTests); login's lists the options
    public async Task Help_lists_every_option_of_the_python_tool(params string[] args)
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync(args);

        Assert.Equal(0, result.ExitCode);
        foreach (var option in PythonToolOptions)
        {
            Assert.Matches($@"(^|[\s,]){System.Text.RegularExpressions.Regex.Escape(option)}([\s,]|$)", result.Stdout);
        }
    }

    [Fact]
    public async Task Help_lists_the_commands()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("--help");

        foreach (var command in new[] { "login", "roles", "demo", "sandbox" })
        {
            Assert.Matches($@"(?m)^\s+{command}\s", result.Stdout);
        }
    }

    [Fact]
    public async Task Later_issue_options_parse_now()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-t", "15", "-l", "1", "--cache-saml", "--ip", "10.1.2.3", "-p", "x"));

        Assert.True(result.ExitCode == 0, result.ToString());
    }

    [Fact]
    public async Task Roles_lists_every_role_with_aliases_and_calls_no_sts()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"111111111111\": Production\n");

        var result = await ws.RunAsync("roles", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "--onelogin-password", "demo-password", "-a", ws.AppId, "-d", "sandbox");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(10, lines.Length); // header + 9 roles
        Assert.Matches(@"^111111111111\s+Production\s+Admin\s+arn:aws:iam::111111111111:role/Admin$", lines[1].TrimEnd());
        Assert.Matches(@"^333333333333\s+-\s+ReadOnly\s+arn:aws:iam::333333333333:role/ReadOnly$", lines[9].TrimEnd());
        Assert.Equal(0, ws.Sandbox.Journal.Count(Sandbox.SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Roles_json_is_the_issuer_and_each_role_in_the_fields_assertion_inspect_uses()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"111111111111\": Production\n");

        var result = await ws.RunAsync("roles", "--json", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "--onelogin-password", "demo-password", "-a", ws.AppId, "-d", "sandbox");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.Equal("https://app.onelogin.com/saml/metadata/424242", json.RootElement.GetProperty("issuer").GetString());
        var roles = json.RootElement.GetProperty("roles").EnumerateArray().ToList();
        Assert.Equal(9, roles.Count);
        Assert.Equal("111111111111", roles[0].GetProperty("account_id").GetString());
        Assert.Equal("Production", roles[0].GetProperty("alias").GetString());
        Assert.Equal("Admin", roles[0].GetProperty("role_name").GetString());
        Assert.Equal("arn:aws:iam::111111111111:role/Admin", roles[0].GetProperty("role_arn").GetString());
        Assert.Equal("arn:aws:iam::111111111111:saml-provider/onelogin", roles[0].GetProperty("principal_arn").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, roles[8].GetProperty("alias").ValueKind);
    }
}
