using System.Text.Json;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Commands;

/// <summary><c>env</c>, <c>exec</c> and <c>clear-cache</c> through the real command line against the sandbox.</summary>
public sealed class EnvExecTests
{
    [Theory]
    [InlineData("sh", @"^export AWS_ACCESS_KEY_ID='ASIA[A-Z2-7]+'$")]
    [InlineData("bash", @"^export AWS_ACCESS_KEY_ID='ASIA[A-Z2-7]+'$")]
    [InlineData("zsh", @"^export AWS_ACCESS_KEY_ID='ASIA[A-Z2-7]+'$")]
    [InlineData("fish", @"^set -gx AWS_ACCESS_KEY_ID 'ASIA[A-Z2-7]+';$")]
    [InlineData("powershell", @"^\$Env:AWS_ACCESS_KEY_ID = 'ASIA[A-Z2-7]+'$")]
    [InlineData("dotenv", @"^AWS_ACCESS_KEY_ID=ASIA[A-Z2-7]+$")]
    public async Task Env_prints_the_variables_in_each_format(string format, string firstLine)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--format", format], environment: ProfileSetup.Password("demo-password"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(firstLine, lines[0]);
        Assert.Equal(9, lines.Length); // keys, token twice, expiration twice, region twice, SAMLASSUME_PROFILE
        Assert.Contains(lines, l => l.Contains("AWS_REGION") && l.Contains("eu-west-1"));
    }

    [Fact]
    public async Task Env_json_is_an_object_and_the_second_call_comes_from_the_cache()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var first = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--format", "json"], environment: ProfileSetup.Password("demo-password"));
        var second = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--format", "json"]);

        Assert.True(second.ExitCode == 0, second.ToString());
        using var json = JsonDocument.Parse(first.Stdout);
        Assert.Equal(json.RootElement.GetProperty("AWS_SESSION_TOKEN").GetString(), json.RootElement.GetProperty("AWS_SECURITY_TOKEN").GetString());
        Assert.Equal(first.Stdout, second.Stdout);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Env_rejects_an_unknown_format_in_one_line()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();

        var result = await CliRun.RunAsync(ws, ["env", "-p", ProfileSetup.Profile, "--format", "csh"]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public async Task Exec_runs_the_command_with_credentials_without_AWS_PROFILE_and_passes_its_exit_code()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var dump = Path.Combine(ws.Root, "child-env");

        var result = await CliRun.RunAsync(ws,
            ["exec", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "/bin/sh", "-c", $"env > '{dump}'; exit 7"],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password", ["AWS_PROFILE"] = "stale", ["AWS_ACCESS_KEY_ID"] = "AKIASTALE" });

        Assert.True(result.ExitCode == 7, result.ToString());
        var variables = File.ReadAllLines(dump).Select(l => l.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        Assert.False(variables.ContainsKey("AWS_PROFILE"));
        Assert.StartsWith("ASIA", variables["AWS_ACCESS_KEY_ID"]);
        Assert.Equal("eu-west-1", variables["AWS_REGION"]);
        Assert.Equal("demo-password", variables["ONELOGIN_PASSWORD"]); // the rest of the environment is passed on
        var cached = JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath())).RootElement;
        Assert.Equal(cached.GetProperty("SessionToken").GetString(), variables["AWS_SESSION_TOKEN"]);
    }

    [Theory]
    [InlineData("/nonexistent/tool", 127, "/nonexistent/tool: no such file")]
    [InlineData("no-such-tool-anywhere", 127, "no-such-tool-anywhere: command not found")]
    [InlineData("./not-executable.sh", 126, "./not-executable.sh: permission denied")]
    [InlineData("./a-directory", 126, "./a-directory: is a directory")]
    public async Task Exec_of_a_command_that_cannot_run_exits_127_or_126_as_shells_do_before_signing_in(string command, int exitCode, string message)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        File.WriteAllText(Path.Combine(ws.WorkingDirectory, "not-executable.sh"), "#!/bin/sh\necho hi\n");
        Directory.CreateDirectory(Path.Combine(ws.WorkingDirectory, "a-directory"));

        var result = await CliRun.RunAsync(ws, ["exec", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", command, "arg"],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password", ["PATH"] = "/usr/bin:/bin" });

        Assert.True(result.ExitCode == exitCode, result.ToString());
        Assert.StartsWith($"samlassume: error: {message}", result.Stderr);
        Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token)); // found out before any sign-in
    }

    [Fact]
    public async Task Exec_finds_a_bare_command_name_on_the_PATH_it_was_given()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var bin = Path.Combine(ws.Root, "bin");
        Directory.CreateDirectory(bin);
        var tool = Path.Combine(bin, "my-tool");
        var output = Path.Combine(ws.Root, "my-tool.out");
        File.WriteAllText(tool, $"#!/bin/sh\necho \"my-tool $1 $AWS_REGION\" > '{output}'\n");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(tool, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var result = await CliRun.RunAsync(ws, ["exec", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory, "--", "my-tool", "x"],
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "demo-password", ["PATH"] = $"{bin}:/usr/bin:/bin" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("my-tool x eu-west-1\n", File.ReadAllText(output));
    }

    [Fact]
    public async Task Clear_cache_removes_cached_credentials_and_says_which_and_nothing_else()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        foreach (var profile in new[] { ProfileSetup.Profile, "sandbox-prod" })
        {
            var run = await CliRun.RunAsync(ws, ["credential-process", "-p", profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var unrelated = Path.Combine(ws.CacheHome(), "samlassume", "credentials", "notes.txt");
        File.WriteAllText(unrelated, "mine");
        var login = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "long-lived", "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"));
        Assert.Equal(0, login.ExitCode);
        var credentialsBefore = File.ReadAllBytes(ws.CredentialsPath);

        var one = await CliRun.RunAsync(ws, ["clear-cache", "-p", "sandbox-prod"]);
        Assert.Equal(0, one.ExitCode);
        Assert.Contains($"Removed {ws.CachedCredentialsPath("sandbox-prod")}", one.Stderr);
        Assert.True(File.Exists(ws.CachedCredentialsPath()));

        var all = await CliRun.RunAsync(ws, ["clear-cache"]);
        Assert.Contains($"Removed {ws.CachedCredentialsPath()}", all.Stderr);
        Assert.Contains("Removed 1 cached file(s).", all.Stderr);
        Assert.False(File.Exists(ws.CachedCredentialsPath()));
        Assert.True(File.Exists(unrelated));
        Assert.Equal(credentialsBefore, File.ReadAllBytes(ws.CredentialsPath));

        var again = await CliRun.RunAsync(ws, ["clear-cache"]);
        Assert.Contains("Nothing cached", again.Stderr);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("a/b")]
    [InlineData("..")]
    [InlineData(".hidden")]
    public void Profile_names_never_leave_the_cache_directory(string profile)
    {
        var paths = new SamlAssume.Cache.CachePaths("/tmp/cache-root");
        var file = paths.CredentialsFor(profile);
        Assert.Equal(paths.CredentialsDirectory, Path.GetDirectoryName(file));
        Assert.DoesNotContain("..", Path.GetFileName(file).Replace("..json", ""));
        Assert.NotEqual(paths.CredentialsFor("a_b"), paths.CredentialsFor("a/b"));
    }
}
