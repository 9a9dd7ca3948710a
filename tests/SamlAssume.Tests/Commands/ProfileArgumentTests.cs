using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests;

/// <summary>
/// Which profile a profile command serves, as the AWS CLI and aws-vault take it: -p, a positional name, else
/// AWS_PROFILE; exec without a command opens $SHELL; exec and env mark what they set (SAMLASSUME_PROFILE) and a
/// nested exec of another profile is refused.
/// </summary>
public sealed class ProfileArgumentTests
{
    private static Dictionary<string, string?> With(params (string Name, string? Value)[] variables)
    {
        var environment = ProfileSetup.Password("demo-password");
        foreach (var (name, value) in variables) environment[name] = value;
        return environment;
    }

    [Fact]
    public async Task Env_takes_the_profile_from_AWS_PROFILE_and_marks_it()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["env", "-c", ws.ConfigDirectory], environment: With(("AWS_PROFILE", ProfileSetup.Profile)));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("export AWS_REGION='eu-west-1'\n", result.Stdout); // sandbox-dev's region, not sandbox-prod's
        Assert.EndsWith($"export {ProfileOptions.MarkerVariable}='{ProfileSetup.Profile}'\n", result.Stdout);
    }

    [Fact]
    public async Task A_positional_profile_wins_over_AWS_PROFILE_and_credential_process_reads_AWS_PROFILE_too()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var env = await CliRun.RunAsync(ws, ["env", "sandbox-prod", "-c", ws.ConfigDirectory], environment: With(("AWS_PROFILE", ProfileSetup.Profile)));
        var process = await CliRun.RunAsync(ws, ["credential-process", "-c", ws.ConfigDirectory], environment: With(("AWS_PROFILE", "sandbox-prod")));

        Assert.True(env.ExitCode == 0, env.ToString());
        Assert.Contains("export AWS_REGION='us-east-1'\n", env.Stdout);
        Assert.True(process.ExitCode == 0, process.ToString());
        Assert.StartsWith("{\"Version\":1,", process.Stdout);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml)); // the second came from sandbox-prod's cache
    }

    [Fact]
    public async Task No_profile_anywhere_or_two_different_ones_is_a_usage_error_before_any_sign_in()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var none = await CliRun.RunAsync(ws, ["env", "-c", ws.ConfigDirectory]);
        var twice = await CliRun.RunAsync(ws, ["env", "-p", "sandbox-prod", ProfileSetup.Profile, "-c", ws.ConfigDirectory]);

        Assert.Equal(ExitCodes.Usage, none.ExitCode);
        Assert.Equal("samlassume: error: which profile? give -p NAME (or NAME), or set AWS_PROFILE; `samlassume list` shows the profiles\n", none.Stderr);
        Assert.Equal(ExitCodes.Usage, twice.ExitCode);
        Assert.Contains("the profile is given twice", twice.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Exec_takes_a_positional_profile_and_sets_the_marker()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var dump = Path.Combine(ws.Root, "child-env");

        var result = await CliRun.RunAsync(ws, ["exec", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "/bin/sh", "-c", $"env > '{dump}'"], environment: With());

        Assert.True(result.ExitCode == 0, result.ToString());
        var variables = File.ReadAllLines(dump);
        Assert.Contains($"{ProfileOptions.MarkerVariable}={ProfileSetup.Profile}", variables);
        Assert.Contains("AWS_REGION=eu-west-1", variables);
    }

    [Fact]
    public async Task Exec_without_a_command_opens_SHELL()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var dump = Path.Combine(ws.Root, "shell-env");
        var shell = Path.Combine(ws.Root, "fake-shell");
        File.WriteAllText(shell, $"#!/bin/sh\nenv > '{dump}'\nexit 3\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(shell, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await CliRun.RunAsync(ws, ["exec", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: With(("SHELL", shell)));

        Assert.True(result.ExitCode == 3, result.ToString());
        Assert.Contains(File.ReadAllLines(dump), l => l.StartsWith("AWS_ACCESS_KEY_ID=ASIA"));
    }

    [Fact]
    public async Task A_nested_exec_of_another_profile_is_refused_with_the_reason_and_the_same_profile_runs()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var inside = With((ProfileOptions.MarkerVariable, "sandbox-prod"));

        var other = await CliRun.RunAsync(ws, ["exec", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "/bin/true"], environment: inside);
        var same = await CliRun.RunAsync(ws, ["exec", "sandbox-prod", "-c", ws.ConfigDirectory, "--", "/bin/true"], environment: inside);

        Assert.Equal(ExitCodes.Usage, other.ExitCode);
        Assert.Equal($"samlassume: error: this shell already has the credentials of [sandbox-prod] from `samlassume exec` ({ProfileOptions.MarkerVariable}=sandbox-prod); " +
            $"exit it before running [{ProfileSetup.Profile}], so the two are never mixed\n", other.Stderr);
        Assert.True(same.ExitCode == 0, same.ToString());
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task Console_and_serve_take_AWS_PROFILE_too()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var environment = With(("AWS_PROFILE", ProfileSetup.Profile), ("AWS_ENDPOINT_URL_SIGNIN", ws.Sandbox.BaseUrl.ToString()));

        var console = await CliRun.RunAsync(ws, ["console", "-c", ws.ConfigDirectory, "--print"], environment: environment);
        await using var serve = await RunningServe.StartAsync(ws, ["-c", ws.ConfigDirectory], environment);
        var stopped = await serve.StopAsync();

        Assert.True(console.ExitCode == 0, console.ToString());
        Assert.Contains("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", console.Stderr);
        Assert.Contains($"Serving [{ProfileSetup.Profile}]", stopped.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml)); // serve took console's cached credentials
    }
}
