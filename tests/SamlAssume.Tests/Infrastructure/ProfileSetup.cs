using System.Diagnostics;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A workspace set up for the profile-serving commands (credential-process, env, exec): onelogin.aws.json with
/// profile entries, a per-test XDG cache directory, and the built samlassume.dll for child-process runs.
/// </summary>
public static class ProfileSetup
{
    public const string Profile = "sandbox-dev";

    public static string CacheHome(this TestWorkspace ws) => Path.Combine(ws.Root, "xdg-cache");

    public static string CachedCredentialsPath(this TestWorkspace ws, string profile = Profile) =>
        Path.Combine(ws.CacheHome(), "samlassume", "credentials", profile + ".json");

    /// <summary>onelogin.sdk.json + onelogin.aws.json for <paramref name="user"/>, with [sandbox-dev] = 333333333333/Developer.</summary>
    public static TestWorkspace WithProfiles(this TestWorkspace ws, string user = "demo@example.com", string? mfaDevice = null)
    {
        ws.WithSdkConfig().WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId,
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["username"] = user,
            ["mfa_device"] = mfaDevice,
            ["profiles"] = new Dictionary<string, object?>
            {
                [Profile] = new Dictionary<string, object?> { ["aws_account_id"] = "333333333333", ["aws_role_name"] = "Developer", ["aws_region"] = "eu-west-1" },
                ["sandbox-prod"] = new Dictionary<string, object?> { ["aws_account_id"] = "111111111111", ["aws_role_name"] = "ReadOnly", ["aws_region"] = "us-east-1" },
            },
        });
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        return ws;
    }

    public static Dictionary<string, string?> Password(string password) => new() { ["ONELOGIN_PASSWORD"] = password };

    /// <summary>The built tool next to the tests (the test project references it, so its dll is copied here).</summary>
    public static string ToolDll => Path.Combine(AppContext.BaseDirectory, "samlassume.dll");

    /// <summary>The dotnet host running these tests, to start the tool as a child process.</summary>
    public static string DotnetHost =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    /// <summary>
    /// The NativeAOT executable named by SAMLASSUME_BINARY (.ci/run publishes it and points the child-process tests at
    /// it), else null: then child processes run <c>dotnet samlassume.dll</c>.
    /// </summary>
    public static string? NativeBinary => Environment.GetEnvironmentVariable(NativeBinaryFactAttribute.Variable) is { Length: > 0 } path ? path : null;

    /// <summary>How a shell (the AWS CLI's credential_process) starts the tool: the native binary or <c>dotnet samlassume.dll</c>.</summary>
    public static string ToolCommand => NativeBinary is { } native ? $"\"{native}\"" : $"\"{DotnetHost}\" \"{ToolDll}\"";

    /// <summary>Runs the tool (<see cref="ToolCommand"/>) as a real child process with exactly this environment.</summary>
    public static async Task<CliResult> RunChildAsync(TestWorkspace ws, IReadOnlyDictionary<string, string?> extra, params string[] args)
    {
        var start = new ProcessStartInfo(NativeBinary ?? DotnetHost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ws.WorkingDirectory,
        };
        if (NativeBinary is null) start.ArgumentList.Add(ToolDll);
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) start.Environment["DOTNET_ROOT"] = root;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (k, v) in ws.Environment) start.Environment[k] = v;
        foreach (var (k, v) in extra) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
