using System.Net;
using System.Net.Sockets;
using SamlAssume.IdP.OneLogin;
using SamlAssume.IdP.Tests.Fakes;

namespace SamlAssume.IdP.Tests.OneLogin;

public sealed class TransportFailureTests
{
    [Fact]
    public async Task A_server_that_never_answers_is_a_timeout()
    {
        var handler = new ScriptedOneLoginHandler().OnAsync(ScriptedOneLoginHandler.TokenPath, async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var client = new OneLoginApiClient(new HttpClient(handler) { Timeout = TimeSpan.FromMilliseconds(150) }, TestSecrets.Settings());

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.Timeout, error.Kind);
        Assert.Contains("api.us.onelogin.com", error.Message);
        TestSecrets.AssertNoSecret(error);
    }

    [Fact]
    public async Task The_callers_cancellation_stays_a_cancellation()
    {
        var handler = new ScriptedOneLoginHandler().OnAsync(ScriptedOneLoginHandler.TokenPath, async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var error = await Record.ExceptionAsync(() => client.GetAccessTokenAsync(cancel.Token));

        Assert.IsAssignableFrom<OperationCanceledException>(error);
    }

    [Fact]
    public async Task A_refused_connection_is_a_network_error_naming_the_host()
    {
        // A port that was just free: nothing listens there, so the connection is refused at once.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var client = new OneLoginApiClient(new HttpClient(), TestSecrets.Settings(apiUrl: new Uri($"http://127.0.0.1:{port}")));

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.Network, error.Kind);
        Assert.StartsWith($"Could not reach 127.0.0.1:{port}: ", error.Message);
        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
        TestSecrets.AssertNoSecret(error);
    }

    [Fact]
    public async Task A_handler_failure_is_a_network_error()
    {
        var handler = new ScriptedOneLoginHandler().On(ScriptedOneLoginHandler.TokenPath,
            _ => throw new HttpRequestException("Name or service not known (api.us.onelogin.com:443)", new SocketException((int)SocketError.HostNotFound)));
        var client = new OneLoginApiClient(new HttpClient(handler), TestSecrets.Settings());

        var error = await Assert.ThrowsAsync<OneLoginException>(() => client.GetAccessTokenAsync());

        Assert.Equal(OneLoginErrorKind.Network, error.Kind);
        Assert.StartsWith("Could not reach api.us.onelogin.com: ", error.Message);
    }
}
