using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests;

/// <summary>What a user reads first: the root's map, login's grouped options, and "did you mean" on a typo.</summary>
public sealed class HelpTests
{
    [Fact]
    public async Task Root_help_is_a_map_that_fits_a_screen_with_the_everyday_commands_first()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.True(lines.Length <= 40, $"{lines.Length} lines:\n{result.Stdout}");
        Assert.All(lines, l => Assert.True(l.Length <= 110, l));
        Assert.DoesNotContain("--onelogin-username", result.Stdout); // login's options are in `login --help`
        Assert.Contains("samlassume COMMAND --help", result.Stdout);
        var everyday = Array.FindIndex(lines, l => l.StartsWith("Everyday commands:"));
        var more = Array.FindIndex(lines, l => l.StartsWith("More commands:"));
        Assert.InRange(everyday, 0, more);
        foreach (var command in new[] { "login", "env", "exec", "list", "console", "credential-process" })
            Assert.Contains(lines[everyday..more], l => l.TrimStart().StartsWith(command + " "));
        foreach (var command in new[] { "serve", "assume-role", "session-token", "keyring", "completion", "sandbox" })
            Assert.Contains(lines[more..], l => l.TrimStart().StartsWith(command + " "));
    }

    [Fact]
    public async Task Root_still_logs_in_with_the_python_tools_flags()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await ws.RunAsync([.. ws.LoginArgs("solo@example.com", "solo-password", "-p", "x")[1..]]);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("[x]", File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task Login_help_groups_options_under_headings_and_prints_each_default_once()
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync("login", "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        var headings = new[] { "Sign-in:", "MFA:", "Role:", "Output (where the credentials go):", "Network:", "Trust:", "Compatibility with OneLogin's tool" };
        var positions = headings.Select(h => result.Stdout.IndexOf("\n" + h, StringComparison.Ordinal)).ToList();
        Assert.All(positions, p => Assert.True(p > 0, result.Stdout));
        Assert.Equal(positions.Order(), positions);
        Assert.True(result.Stdout.IndexOf("--onelogin-username", StringComparison.Ordinal) < result.Stdout.IndexOf("--role_order", StringComparison.Ordinal));
        Assert.DoesNotContain("[default:", result.Stdout);
        var deadline = string.Join(" ", result.Stdout.Split('\n').SkipWhile(l => !l.Contains("--network-deadline")).Take(3));
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(deadline, @"default 120"));
        Assert.Contains("(default 45)", result.Stdout); // -t: a default the description did not state is printed once too
    }

    [Fact]
    public async Task Every_commands_help_prints_a_default_once()
    {
        await using var ws = await TestWorkspace.StartAsync();
        foreach (var command in new[] { "env", "exec", "credential-process", "console", "serve", "list", "roles", "clear-cache" })
        {
            var result = await ws.RunAsync(command, "--help");
            Assert.True(result.ExitCode == 0, result.ToString());
            Assert.DoesNotContain("[default:", result.Stdout);
            Assert.DoesNotMatch(@"\(default[^)]*\)[^\n]*\(default", result.Stdout.Replace("\n" + new string(' ', 44), " "));
        }
    }

    [Theory]
    [InlineData(new[] { "env", "--profle", "dev" }, "unknown option '--profle'; did you mean --profile? (see samlassume env --help)")]
    [InlineData(new[] { "env", "--profle=dev" }, "unknown option '--profle=dev'; did you mean --profile? (see samlassume env --help)")]
    [InlineData(new[] { "--profle", "dev" }, "unknown option '--profle'; did you mean --profile? (see samlassume --help)")]
    [InlineData(new[] { "lsit" }, "unknown command or argument 'lsit'; did you mean list? (see samlassume --help)")]
    [InlineData(new[] { "login", "--aws-regoin", "eu-west-1" }, "unknown option '--aws-regoin'; did you mean --aws-region? (see samlassume login --help)")]
    public async Task A_mistyped_flag_or_command_gets_the_nearest_one(string[] args, string expected)
    {
        await using var ws = await TestWorkspace.StartAsync();

        var result = await ws.RunAsync(args);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("samlassume: error: " + expected + "\n", result.Stderr);
    }

    [Fact]
    public async Task A_flag_after_the_double_dash_is_the_commands_own()
    {
        await using var ws = await TestWorkspace.StartAsync();

        // exec's command may take any flag: nothing after -- is a typo of ours (the profile is checked first: none here).
        var result = await ws.RunAsync("exec", "dev", "--", "/bin/true", "--profle");

        Assert.DoesNotContain("did you mean", result.Stderr);
    }

    [Fact]
    public async Task The_MFA_session_length_has_one_name_in_both_IAM_user_commands()
    {
        await using var ws = await TestWorkspace.StartAsync();

        // Parsed as session-token's option (its old -z/--duration), so the value is checked as a number of seconds.
        var sessionToken = await ws.RunAsync("session-token", "--source-profile", "bastion", "--session-duration", "long");
        var assumeRole = await ws.RunAsync("assume-role", "--source-profile", "bastion", "--session-duration", "long");

        Assert.Equal(ExitCodes.Usage, sessionToken.ExitCode);
        Assert.Matches(@"--session-duration\S* ""long"" must be a number of seconds", sessionToken.Stderr);
        Assert.Equal(ExitCodes.Usage, assumeRole.ExitCode);
        Assert.Contains("--session-duration \"long\" must be a number of seconds", assumeRole.Stderr);
    }
}
