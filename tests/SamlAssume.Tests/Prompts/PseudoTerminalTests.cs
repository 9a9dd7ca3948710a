using System.Diagnostics;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Prompts;

/// <summary>
/// The role list and the hidden prompts through a real pseudo-terminal (tmux): the built tool as a child process, keys
/// typed into the pty, Ctrl-C as the line discipline's SIGINT, and what is left on the screen and in the terminal's
/// mode afterwards.
/// </summary>
public sealed class PseudoTerminalTests
{
    private static Task<(TestWorkspace, TmuxSession)> StartAsync(string term) => StartAsync(term, ws =>
    {
        ws.WithSdkConfig();
        File.WriteAllText(Path.Combine(ws.ConfigDirectory, "accounts.yaml"), "accounts:\n  \"222222222222\": Staging\n");
        return ws.LoginArgs("demo@example.com", "demo-password", "-p", "picked", "--aws-region", "us-east-1");
    });

    /// <summary>A workspace, and tmux running <c>samlassume ARGS; echo exit=$?</c> in it at a terminal of type <paramref name="term"/>.</summary>
    private static async Task<(TestWorkspace, TmuxSession)> StartAsync(string term, Func<TestWorkspace, string[]> setUp, IReadOnlyDictionary<string, string?>? extra = null)
    {
        var ws = await TestWorkspace.StartAsync();
        var args = setUp(ws);
        var environment = new Dictionary<string, string?>(ws.Environment)
        {
            ["PATH"] = Environment.GetEnvironmentVariable("PATH"),
            ["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT"),
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["TERM"] = term,
        };
        foreach (var (k, v) in extra ?? new Dictionary<string, string?>()) environment[k] = v;
        string[] command = [ProfileSetup.DotnetHost, ProfileSetup.ToolDll, .. args];
        // `trap : INT`: the script outlives Ctrl-C to report the tool's exit code (the trap is not inherited).
        var script = "trap : INT\n"
            + string.Concat(environment.Where(e => e.Value is not null).Select(e => $"export {e.Key}={Quote(e.Value!)}\n"))
            + string.Join(' ', command.Select(Quote)) + "\n"
            + "echo \"exit=$?\"\n";
        var path = Path.Combine(ws.Root, "run.sh");
        File.WriteAllText(path, script);
        var tmux = await TmuxSession.StartAsync(ws.Root);
        await tmux.TypeAsync($"sh {path}");
        await tmux.PressAsync("Enter");
        return (ws, tmux);
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''") + "'";

    [TmuxFact]
    public async Task Typing_narrows_the_list_and_Enter_chooses_the_one_left()
    {
        var (ws, tmux) = await StartAsync("xterm-256color");
        await using var _ = ws;
        await using var __ = tmux;

        await tmux.WaitForAsync("9 to choose from");
        await tmux.TypeAsync("staging dev");
        // "staging de" already leaves one match: wait for the last key's redraw before reading the screen.
        await tmux.WaitForAsync("Search: staging dev");
        var filtered = await tmux.WaitForAsync("1 of 9 match");
        Assert.True(filtered.Contains("Search: staging dev"), filtered);
        Assert.True(filtered.Contains("> 222222222222 (Staging) / Developer"), filtered);
        Assert.False(filtered.Contains("/ Admin"), filtered);
        await tmux.PressAsync("Enter");

        var screen = await tmux.WaitForAsync("exit=");
        Assert.True(screen.Contains("exit=0"), screen);
        Assert.True(screen.Contains("Role: 222222222222 (Staging) / Developer"), screen);
        Assert.True(screen.Contains("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com"), screen);
        Assert.False(screen.Contains("Choose an AWS role"), screen); // the list is erased once chosen
    }

    [TmuxFact]
    public async Task Ctrl_C_leaves_at_once_with_the_terminal_restored()
    {
        var (ws, tmux) = await StartAsync("xterm-256color");
        await using var _ = ws;
        await using var __ = tmux;

        await tmux.WaitForAsync("9 to choose from");
        await tmux.TypeAsync("stag");
        await tmux.WaitForAsync("3 of 9 match");
        await tmux.PressAsync("C-c");

        var screen = await tmux.WaitForAsync("exit=");
        Assert.True(screen.Contains("exit=130"), screen);
        // Our own "interrupted" line: the command ended by itself, not by System.CommandLine's kill two seconds later.
        Assert.True(screen.Contains("\nsamlassume: interrupted"), screen);
        Assert.False(screen.Contains("Choose an AWS role"), screen);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));

        // Echo and line editing are back: the shell shows what is typed, and nothing swallows it.
        await tmux.TypeAsync("echo after-the-picker");
        await tmux.PressAsync("Enter");
        screen = await tmux.WaitForAsync(s => s.Split('\n').Any(l => l.TrimEnd() == "after-the-picker"), "the echo command's output");
        Assert.True(screen.Contains("echo after-the-picker"), screen);
    }

    [TmuxFact]
    public async Task A_dumb_terminal_gets_the_numbered_list()
    {
        var (ws, tmux) = await StartAsync("dumb");
        await using var _ = ws;
        await using var __ = tmux;

        var list = await tmux.WaitForAsync("Number (1-9):");
        Assert.True(list.Contains("Choose an AWS role (9):"), list);
        Assert.DoesNotContain("search", list, StringComparison.OrdinalIgnoreCase);
        await tmux.TypeAsync("5");
        await tmux.PressAsync("Enter");

        var screen = await tmux.WaitForAsync("exit=");
        Assert.True(screen.Contains("exit=0"), screen);
        Assert.True(screen.Contains("Role: 222222222222 (Staging) / Developer"), screen);
    }

    [TmuxFact]
    public async Task Ctrl_C_during_exec_is_the_childs_to_handle()
    {
        // A child that catches Ctrl-C and carries on, as a shell or REPL does: we must neither kill it nor leave.
        const string child = "trap 'echo child-caught-ctrl-c' INT; echo child-started; sleep 30 & pid=$!; wait $pid; kill $pid 2>/dev/null; echo child-carries-on; exit 3";
        var (ws, tmux) = await StartAsync("xterm-256color", ws =>
        {
            ws.WithProfiles();
            return ["exec", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "/bin/sh", "-c", child];
        }, ProfileSetup.Password("demo-password"));
        await using var _ = ws;
        await using var __ = tmux;

        await tmux.WaitForAsync("child-started");
        await tmux.PressAsync("C-c");

        var screen = await tmux.WaitForAsync("exit=");
        Assert.True(screen.Contains("child-caught-ctrl-c\nchild-carries-on\nexit=3"), screen);
        Assert.False(screen.Contains("interrupted"), screen);
    }

    /// <summary>
    /// Ctrl-C at a hidden prompt (issue 23, item 13): the command ends at once with "samlassume: interrupted" and exit
    /// 130; what was typed before it is not sent; the terminal echoes again; keys typed after it reach the shell.
    /// </summary>
    private static async Task AssertCtrlCEndsTheHiddenPromptAtOnce(TmuxSession tmux, string prompt, string typedBefore)
    {
        await tmux.WaitForAsync(prompt);
        await tmux.TypeAsync(typedBefore);
        await Task.Delay(300); // the keys reach the prompt before Ctrl-C does
        var pressed = Stopwatch.StartNew();
        await tmux.PressAsync("C-c");

        var screen = await tmux.WaitForAsync("exit=", 10);
        var took = pressed.Elapsed;
        Assert.True(screen.Contains("exit=130"), screen);
        Assert.True(screen.Contains("\nsamlassume: interrupted"), screen);
        // Was 2 s: System.CommandLine's grace, then a kill that printed nothing.
        Assert.True(took < TimeSpan.FromSeconds(1), $"the command ended {took.TotalMilliseconds:0} ms after Ctrl-C\n{screen}");
        Assert.DoesNotContain(typedBefore, screen);

        // Echo is back, and what is typed now is the shell's, not the prompt's.
        await tmux.TypeAsync("stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/mode:/'");
        await tmux.PressAsync("Enter");
        screen = await tmux.WaitForAsync(s => s.Split('\n').Any(l => l.TrimEnd() is "mode:echo" or "mode:-echo"), "stty's echo flag");
        Assert.True(screen.Split('\n').Any(l => l.TrimEnd() == "mode:echo"), screen);
        Assert.True(screen.Contains("stty -a |"), screen); // the command itself was echoed as typed
    }

    [TmuxFact]
    public async Task Ctrl_C_at_the_password_prompt_ends_at_once_with_the_terminal_restored()
    {
        var (ws, tmux) = await StartAsync("xterm-256color", ws =>
        {
            ws.WithSdkConfig();
            return ["login", "-c", ws.ConfigDirectory, "-u", "demo@example.com", "-a", ws.AppId, "-d", ws.Sandbox.Tenant.Subdomain, "-p", "picked", "--aws-region", "us-east-1"];
        });
        await using var _ = ws;
        await using var __ = tmux;

        await AssertCtrlCEndsTheHiddenPromptAtOnce(tmux, "OneLogin password:", "half-typed-pass");

        // Nothing typed before Ctrl-C was taken as the password: it was never sent.
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [TmuxFact]
    public async Task Ctrl_C_at_the_yubikey_prompt_ends_at_once_and_sends_no_code()
    {
        var (ws, tmux) = await StartAsync("xterm-256color", ws =>
        {
            ws.WithSdkConfig();
            return ws.LoginArgs(MfaTenant.MfaUser, MfaTenant.MfaPassword, "-p", "m", "--aws-region", "us-east-1", "--mfa-device", "yubikey",
                "--aws-account-id", "222222222222", "--aws-role-name", "ReadOnly");
        });
        await using var _ = ws;
        await using var __ = tmux;

        await AssertCtrlCEndsTheHiddenPromptAtOnce(tmux, "Touch your YubiKey", "ccccccbcgujh");

        // One verify_factor call asked for the code; none carried one.
        Assert.DoesNotContain(ws.Sandbox.Journal.Entries, e => e.Endpoint == SandboxEndpoints.VerifyFactor && e.Fields.GetValueOrDefault("otp_present") == "true");
    }
}
