using SamlAssume.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Aws;

/// <summary>
/// Many roles share one HTTP client towards STS: a login that assumes nine roles opens no more HTTP handlers (each a
/// connection pool, so new connections and, against real STS, new TLS handshakes) than a login that assumes one.
/// </summary>
public sealed class StsConnectionReuseTests
{
    [Fact]
    public async Task Nine_roles_create_no_more_http_handlers_than_one()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();

        async Task<int> HandlersFor(params string[] extra)
        {
            var created = 0;
            var result = await CliRun.RunAsync(ws, ws.LoginArgs("demo@example.com", "demo-password", extra),
                httpHandlerFactory: transport =>
                {
                    Interlocked.Increment(ref created);
                    return HttpTransport.CreateHandler(transport);
                });
            Assert.True(result.ExitCode == 0, result.ToString());
            return created;
        }

        var one = await HandlersFor("--aws-account-id", "333333333333", "--aws-role-name", "Developer", "-p", "one");
        var nine = await HandlersFor("--all-roles");

        Assert.Equal(10, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
        Assert.Equal(one, nine);
    }
}
