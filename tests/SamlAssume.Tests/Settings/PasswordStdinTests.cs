using SamlAssume.Cli;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Settings;

/// <summary><c>--password-stdin</c>: the password off the process list and out of the environment.</summary>
public sealed class PasswordStdinTests
{
    private static string[] Args(TestWorkspace ws, params string[] extra) =>
        ["login", "-c", ws.ConfigDirectory, "-u", "solo@example.com", "-a", ws.AppId, "-d", "sandbox", "-p", "x", "--password-stdin", .. extra];

    [Fact]
    public async Task The_first_line_of_stdin_is_the_password_and_no_warning_is_printed()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws), stdin: "solo-password\nignored second line\n",
            environment: new Dictionary<string, string?> { ["ONELOGIN_PASSWORD"] = "env-is-overridden" });

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("warning:", result.Stderr);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n")]
    public async Task An_empty_stdin_is_a_usage_error_before_any_call(string stdin)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws), stdin: stdin);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("samlassume: error: --password-stdin", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }

    [Fact]
    public async Task It_cannot_be_combined_with_the_password_option()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        var result = await CliRun.RunAsync(ws, Args(ws, "--onelogin-password", "solo-password"), stdin: "solo-password\n");

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains("cannot be used together", result.Stderr);
        Assert.Equal(0, ws.Sandbox.Journal.Count(SandboxEndpoints.Token));
    }
}
