using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SamlAssume.Sandbox;

/// <summary>
/// A local OneLogin API + AWS STS + the sign-in federation endpoint (/federation) on one Kestrel port. Start it in-process from tests or standalone through
/// <see cref="SandboxProgram"/>; point the client's api_url and AWS_ENDPOINT_URL_STS at <see cref="BaseUrl"/>.
/// </summary>
public sealed class SandboxServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly SandboxState _state;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Action<string>? _log;

    private SandboxServer(WebApplication app, SandboxState state, SandboxFaults faults, Action<string>? log)
    {
        _app = app;
        _state = state;
        Faults = faults;
        _log = log;
    }

    /// <summary>Root of both APIs, e.g. http://127.0.0.1:43123/ (STS answers POST / with form bodies).</summary>
    public Uri BaseUrl => _state.BaseUrl;
    public SandboxTenant Tenant => _state.Tenant;
    /// <summary>The IdP's self-signed RSA-2048 certificate, made at start or kept in <see cref="SandboxOptions.KeyDirectory"/>; assertions are signed with it.</summary>
    public X509Certificate2 SigningCertificate => _state.Certificate;
    public SandboxJournal Journal => _state.Journal;
    public SandboxFaults Faults { get; }

    public static async Task<SandboxServer> StartAsync(SandboxOptions? options = null, CancellationToken ct = default)
    {
        options ??= new SandboxOptions();
        var tenant = TenantJson.Load(options);
        var faults = new SandboxFaults();
        var now = options.Clock.GetUtcNow();
        var certificate = options.KeyDirectory is null ? SigningCertificateFactory.Create(now) : SigningCertificateFactory.LoadOrCreate(options.KeyDirectory, now);
        var providers = RegisteredSamlProviders.Load(options.SamlProviders);
        var state = new SandboxState(tenant, certificate, options.Clock, new SandboxJournal()) { Faults = faults, Announce = options.Announce, RegisteredProviders = providers };
        faults.Apply(tenant.Faults);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        var address = options.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : IPAddress.Parse(options.Host);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, options.Port));
        var app = builder.Build();
        var server = new SandboxServer(app, state, faults, options.Log);
        server.MapRoutes(new WebSignIn(state, options.SignedInUser));

        await app.StartAsync(ct);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        state.BaseUrl = new Uri(bound.TrimEnd('/') + "/");
        options.Log?.Invoke($"sandbox listening on {state.BaseUrl}");
        return server;
    }

    private void MapRoutes(WebSignIn webSignIn)
    {
        var app = _app;
        app.MapMethods("/trust/saml2/launch/{appId}", ["GET", "POST"], c => ServeAsync(c, SandboxEndpoints.WebSignIn, () => webSignIn.HandleAsync(c)));
        app.MapPost("/auth/oauth2/v2/token", c => ServeAsync(c, SandboxEndpoints.Token, () => OneLoginTokenApi.HandleAsync(c, _state, ApiVersion.V2)));
        app.MapPost("/auth/oauth2/token", c => ServeAsync(c, SandboxEndpoints.Token, () => OneLoginTokenApi.HandleAsync(c, _state, ApiVersion.V1)));
        foreach (var version in new[] { ApiVersion.V1, ApiVersion.V2 })
        {
            var v = (int)version;
            app.MapPost($"/api/{v}/saml_assertion", c => ServeAsync(c, SandboxEndpoints.SamlAssertion, () => SamlAssertionApi.HandleAsync(c, _state, version)));
            app.MapPost($"/api/{v}/saml_assertion/verify_factor", c => ServeAsync(c, SandboxEndpoints.VerifyFactor, () => VerifyFactorApi.HandleAsync(c, _state, version)));
        }
        app.MapGet("/api/1/users/{id}/otp_devices", c => ServeAsync(c, SandboxEndpoints.OtpDevices, () => OtpDevicesApi.HandleAsync(c, _state)));
        // A RequestDelegate, not a lambda with bound parameters: those are bound by reflection, which NativeAOT lacks.
        app.MapGet("/saml/metadata/{appId}", c => ServeAsync(c, SandboxEndpoints.Metadata, async () =>
        {
            var sandboxApp = _state.Tenant.FindApp((string)c.Request.RouteValues["appId"]!);
            if (sandboxApp is null)
            {
                c.Response.StatusCode = 404;
                return;
            }
            c.Response.ContentType = "application/xml; charset=utf-8";
            await c.Response.WriteAsync(SamlMetadata.Write(sandboxApp, _state.Certificate, _state.BaseUrl), c.RequestAborted);
        }));
        var federation = new FederationApi(_state);
        app.MapGet("/federation", c => ServeAsync(c, FederationApi.EndpointOf(c), () => federation.HandleAsync(c)));
        app.Map("/", async c =>
        {
            if (!HttpMethods.IsPost(c.Request.Method) && !HttpMethods.IsGet(c.Request.Method))
            {
                c.Response.StatusCode = 405;
                return;
            }
            var request = await StsApi.ReadAsync(c);
            var endpoint = request.Parameters.GetValueOrDefault("Action") is { Length: > 0 } action ? action : "sts";
            await ServeAsync(c, endpoint, () => StsApi.HandleAsync(c, request, _state));
        });
    }

    /// <summary>Latency, then an injected fault or the real handler; every answer is journaled.</summary>
    private async Task ServeAsync(HttpContext context, string endpoint, Func<Task> handler)
    {
        try
        {
            // The sandbox's clock, not the machine's, as OneLogin's and AWS's own Date would be: tests that move the
            // sandbox's time see a client compare its clock with the server's (RFC 9110 §6.6.1).
            context.Response.Headers.Date = _state.Clock.GetUtcNow().ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var admitted = Faults.TryEnter(endpoint);
            try
            {
                var latency = Faults.LatencyFor(endpoint);
                if (latency > TimeSpan.Zero) await Task.Delay(latency, context.RequestAborted);
                if (!admitted) await FaultInjection.PlayAsync(context, endpoint, new SandboxFault(400), _stopping.Token);
                else if (Faults.TakeNext(endpoint) is { } fault) await FaultInjection.PlayAsync(context, endpoint, fault, _stopping.Token);
                else await handler();
            }
            finally
            {
                if (admitted) Faults.Leave(endpoint);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away mid-answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            // A sandbox bug must be loud: say so in the log and answer 500 rather than hide it.
            _log?.Invoke($"sandbox failure on {endpoint}: {e}");
            RequestRecord.Of(context).Set("sandbox_exception", e.GetType().Name + ": " + e.Message);
            context.Response.StatusCode = 500;
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync("sandbox failure: " + e.Message, CancellationToken.None);
        }
        finally
        {
            var fields = RequestRecord.Of(context).Fields;
            var status = context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted ? 0 : context.Response.StatusCode;
            _state.Journal.Record(new JournalEntry(endpoint, status, _state.Clock.GetUtcNow(), new Dictionary<string, string>(fields)));
            _log?.Invoke($"{context.Request.Method} {context.Request.Path} [{endpoint}] -> {status}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                // Shutdown gave up waiting for hung connections; disposal below drops them.
            }
        }
        await _app.DisposeAsync();
        _stopping.Dispose();
        _state.Certificate.Dispose();
    }
}
