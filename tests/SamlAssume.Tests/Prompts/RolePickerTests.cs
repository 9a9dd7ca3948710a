using SamlAssume.Cli;
using SamlAssume.IdP.Saml;
using SamlAssume.Prompts;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Prompts;

/// <summary>
/// The role list at a terminal, driven through the real command line with scripted keys. demo@ may assume nine
/// roles: Admin, Developer, ReadOnly in each of 111111111111 (Production), 222222222222 (Staging), 333333333333.
/// The same behaviour through a real pseudo-terminal: <see cref="PseudoTerminalTests"/>.
/// </summary>
public sealed class RolePickerTests
{
    private static async Task<TestWorkspace> WorkspaceAsync()
    {
        var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"111111111111\": Production\n  \"222222222222\": Staging\n");
        return ws;
    }

    private static Task<CliResult> LoginAsync(TestWorkspace ws, ScriptedInput keys) =>
        CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "picked", "--aws-region", "us-east-1"), keys);

    [Fact]
    public async Task Space_is_search_text_and_only_Enter_chooses()
    {
        await using var ws = await WorkspaceAsync();
        // Spectre's list chose Staging/Admin at the space; the user meant Staging/Developer.
        var keys = new ScriptedInput().Text("staging dev").Key(ConsoleKey.Enter);

        var result = await LoginAsync(ws, keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(0, keys.Remaining);
        Assert.Contains("1 of 9 match", result.Stderr);
        Assert.Contains("Role: 222222222222 (Staging) / Developer\n", result.Stderr);
        Assert.Contains("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", result.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task The_list_narrows_as_you_type_and_arrows_move_within_the_matches()
    {
        await using var ws = await WorkspaceAsync();
        // "readonly" leaves the three ReadOnly roles; Up from the first wraps to the last (333333333333).
        var keys = new ScriptedInput().Text("readonly").Key(ConsoleKey.UpArrow).Key(ConsoleKey.Enter);

        var result = await LoginAsync(ws, keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("3 of 9 match", result.Stderr);
        Assert.Contains("Role: 333333333333 / ReadOnly", result.Stderr);
        Assert.Contains("arn:aws:sts::333333333333:assumed-role/ReadOnly/", result.Stderr);
    }

    [Fact]
    public async Task Account_ids_match_too()
    {
        await using var ws = await WorkspaceAsync();
        var keys = new ScriptedInput().Text("2222 read").Key(ConsoleKey.Enter);

        var result = await LoginAsync(ws, keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Role: 222222222222 (Staging) / ReadOnly", result.Stderr);
    }

    [Fact]
    public async Task Enter_with_nothing_matching_chooses_nothing_and_Backspace_edits_the_search()
    {
        await using var ws = await WorkspaceAsync();
        var keys = new ScriptedInput()
            .Text("prodx").Key(ConsoleKey.Enter)         // nothing matches: Enter does nothing
            .Key(ConsoleKey.Backspace).Text(" dev").Key(ConsoleKey.Enter);

        var result = await LoginAsync(ws, keys);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("0 of 9 match", result.Stderr);
        Assert.Contains("Role: 111111111111 (Production) / Developer", result.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Ctrl_C_in_the_list_ends_the_command_as_interrupted_and_assumes_nothing()
    {
        await using var ws = await WorkspaceAsync();
        var keys = new ScriptedInput().Text("stag").CtrlC();

        var result = await LoginAsync(ws, keys);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Contains("interrupted", result.Stderr);
        Assert.DoesNotContain("Role:", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.False(File.Exists(ws.CredentialsPath));
    }

    [Fact]
    public async Task A_dumb_terminal_gets_a_numbered_list_that_promises_no_search()
    {
        await using var ws = await WorkspaceAsync();
        var keys = new ScriptedInput().Line("5");

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "n", "--aws-region", "us-east-1"), keys, ansi: false);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Choose an AWS role (9):", result.Stderr);
        Assert.DoesNotContain("search", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("filter", result.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("    5. 222222222222 (Staging) / Developer", result.Stderr);
        Assert.Contains("Role: 222222222222 (Staging) / Developer", result.Stderr);
    }

    [Fact]
    public async Task Ctrl_C_at_the_numbered_list_is_interrupted_too()
    {
        await using var ws = await WorkspaceAsync();
        var keys = new ScriptedInput().Text("4").CtrlC();

        var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", "-p", "n", "--aws-region", "us-east-1"), keys, ansi: false);

        Assert.Equal(ExitCodes.Interrupted, result.ExitCode);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }
}

/// <summary>What the search matches, without a terminal.</summary>
public sealed class SearchListStateTests
{
    private static readonly AwsRole[] Roles =
    [
        new("arn:aws:iam::111111111111:role/Admin", "arn:aws:iam::111111111111:saml-provider/onelogin"),
        new("arn:aws:iam::222222222222:role/Admin", "arn:aws:iam::222222222222:saml-provider/onelogin"),
        new("arn:aws:iam::222222222222:role/Developer", "arn:aws:iam::222222222222:saml-provider/onelogin"),
    ];

    private static IEnumerable<string?> Fields(AwsRole role) => [role.AccountId, role.AccountId == "222222222222" ? "Staging" : null, role.RoleName];

    private static SearchListState<AwsRole> Typed(string text)
    {
        var state = new SearchListState<AwsRole>(Roles, Fields);
        foreach (var c in text) state.Handle(new ConsoleKeyInfo(c, c == ' ' ? ConsoleKey.Spacebar : ConsoleKey.A, false, false, false), 10);
        return state;
    }

    [Theory]
    [InlineData("", 3)]
    [InlineData("admin", 2)]
    [InlineData("ADMIN", 2)]
    [InlineData("stag", 2)]
    [InlineData("staging dev", 1)]
    [InlineData("dev staging", 1)]
    [InlineData("  staging   dev ", 1)]
    [InlineData("1111", 1)]
    [InlineData("/", 0)]   // the label's separator is not searched
    [InlineData("(", 0)]
    [InlineData("staging prod", 0)]
    public void Every_word_must_match_an_account_id_alias_or_role_name(string query, int expected)
    {
        Assert.Equal(expected, Typed(query).Matches.Count);
    }

    [Fact]
    public void The_highlighted_role_stays_highlighted_while_it_still_matches()
    {
        var state = Typed("");
        state.Handle(new ConsoleKeyInfo('\0', ConsoleKey.DownArrow, false, false, false), 10); // 222/Admin
        foreach (var c in "adm") state.Handle(new ConsoleKeyInfo(c, ConsoleKey.A, false, false, false), 10);
        Assert.Equal("arn:aws:iam::222222222222:role/Admin", state.Highlighted!.RoleArn);
        state.Handle(new ConsoleKeyInfo('\0', ConsoleKey.Escape, false, false, false), 10);
        Assert.Equal(3, state.Matches.Count);
        Assert.Equal("arn:aws:iam::222222222222:role/Admin", state.Highlighted!.RoleArn);
    }

    [Fact]
    public void Arrows_scroll_a_page_that_follows_the_highlight()
    {
        var state = new SearchListState<AwsRole>(Roles, Fields);
        state.Handle(new ConsoleKeyInfo('\0', ConsoleKey.DownArrow, false, false, false), 2);
        state.Handle(new ConsoleKeyInfo('\0', ConsoleKey.DownArrow, false, false, false), 2);
        Assert.Equal((2, 1), (state.Cursor, state.Top));
        state.Handle(new ConsoleKeyInfo('\0', ConsoleKey.DownArrow, false, false, false), 2); // wraps to the first
        Assert.Equal((0, 0), (state.Cursor, state.Top));
    }
}
