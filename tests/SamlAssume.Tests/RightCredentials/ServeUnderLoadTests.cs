using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using SamlAssume.Tests.Infrastructure;
using Xunit.Abstractions;
using static SamlAssume.Tests.RightCredentials.RightCredentialsSetup;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 8: serve cannot be stalled by another local user. Started (as a real process, the native binary in
/// CI) with a soft open-file limit of 512, it raises it; 600 idle connections without a token later, an authorised
/// request is answered in under a second.
/// </summary>
public sealed class ServeUnderLoadTests(ITestOutputHelper output)
{
    [Fact, Trait(Native, Yes)]
    public async Task Six_hundred_idle_connections_do_not_delay_an_authorised_request()
    {
        if (!OperatingSystem.IsLinux()) return;
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        var start = new ProcessStartInfo("/bin/bash") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false, WorkingDirectory = ws.WorkingDirectory };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -Sn 512 && exec \"$@\"");
        start.ArgumentList.Add("bash");
        if (ProfileSetup.NativeBinary is { } native) start.ArgumentList.Add(native);
        else
        {
            start.ArgumentList.Add(ProfileSetup.DotnetHost);
            start.ArgumentList.Add(ProfileSetup.ToolDll);
        }
        foreach (var a in new[] { "serve", "-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory }) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = Environment.GetEnvironmentVariable("PATH");
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) start.Environment["DOTNET_ROOT"] = root;
        foreach (var (k, v) in ws.Environment) start.Environment[k] = v;
        start.Environment["ONELOGIN_PASSWORD"] = "demo-password";
        using var serve = Process.Start(start)!;
        var stderr = serve.StandardError.ReadToEndAsync();
        var sockets = new List<Socket>();
        try
        {
            string? url = null, token = null;
            using (var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
            {
                while ((url is null || token is null) && await serve.StandardOutput.ReadLineAsync(startup.Token) is { } line)
                {
                    if (Regex.Match(line, "^export AWS_CONTAINER_CREDENTIALS_FULL_URI='([^']+)'$") is { Success: true } u) url = u.Groups[1].Value;
                    if (Regex.Match(line, "^export AWS_CONTAINER_AUTHORIZATION_TOKEN='([^']+)'$") is { Success: true } t) token = t.Groups[1].Value;
                }
            }
            Assert.True(url is not null && token is not null, "serve did not print its exports: " + (serve.HasExited ? await stderr : ""));
            var address = new Uri(url);

            for (var i = 0; i < 600; i++)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(IPAddress.Loopback, address.Port);
                sockets.Add(socket);
            }
            await Task.Delay(500); // let the server accept what it can

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var request = new HttpRequestMessage(HttpMethod.Get, address);
            request.Headers.TryAddWithoutValidation("Authorization", token);
            var clock = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var elapsed = clock.Elapsed;
            output.WriteLine($"authorised request under 600 idle connections: {elapsed.TotalMilliseconds:0} ms");

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{elapsed.TotalMilliseconds:0} ms");
        }
        finally
        {
            foreach (var socket in sockets) socket.Dispose();
            if (!serve.HasExited) serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync();
        }
    }
}
