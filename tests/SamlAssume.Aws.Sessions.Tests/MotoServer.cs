using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>
/// moto's standalone server (Python package moto, <c>moto_server</c>) on 127.0.0.1 and a free port: an STS no one here
/// wrote, to check our request shapes against. It checks neither signatures nor MFA codes (the sandbox does).
/// Started per test class, stopped by its own process id.
/// </summary>
public sealed class MotoServer : IAsyncLifetime
{
    public static string? Executable { get; } = Find();

    private Process? _process;
    public Uri BaseUrl { get; private set; } = new("http://127.0.0.1/");

    private static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, "moto_server"))
            .FirstOrDefault(File.Exists);

    public async Task InitializeAsync()
    {
        if (Executable is null) return;
        int port;
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((IPEndPoint)probe.LocalEndpoint).Port;
        }
        _process = Process.Start(new ProcessStartInfo(Executable, ["-H", "127.0.0.1", "-p", port.ToString()])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        }) ?? throw new InvalidOperationException("moto_server did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        BaseUrl = new Uri($"http://127.0.0.1:{port}/");

        // Bounded wait for the port to accept connections (Python start-up takes a few seconds on a busy machine).
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"moto_server exited with {_process.ExitCode} before listening");
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false }) _process.Kill(entireProcessTree: true);
        _process?.WaitForExit(10_000);
        _process?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A fact that needs moto_server; skipped with the reason when it is not installed.</summary>
public sealed class MotoFactAttribute : FactAttribute
{
    public MotoFactAttribute()
    {
        if (MotoServer.Executable is null) Skip = "moto_server is not on PATH (pip install 'moto[server]'; .ci/run checks for it)";
    }
}
