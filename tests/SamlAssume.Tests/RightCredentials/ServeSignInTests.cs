using System.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, items 4 and 6: under serve the sign-in belongs to the server. A client that gives up does not cancel it,
/// and requests arriving meanwhile wait on the same one; a password OneLogin rejected is not sent again until the
/// configuration (or the password in the keyring) changes.
/// </summary>
public sealed class ServeSignInTests
{
    private static string[] ServeArgs(TestWorkspace ws) => ["-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory];

    private static async Task<(HttpStatusCode Status, string Body)> GetAsync(RunningServe serve, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        using var request = new HttpRequestMessage(HttpMethod.Get, serve.Url);
        request.Headers.TryAddWithoutValidation("Authorization", serve.Token);
        using var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Ten_impatient_clients_cause_one_sign_in_and_the_next_request_gets_its_credentials()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), ProfileSetup.Password("demo-password"), clock);
        Assert.Equal(1, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));

        // 50 minutes on the credentials need a refresh, and the assertion is long gone: a sign-in that takes 3 s.
        clock.Advance(TimeSpan.FromMinutes(50));
        ws.Sandbox.Faults.SetLatency(SandboxEndpoints.SamlAssertion, TimeSpan.FromSeconds(3));
        var impatient = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            try
            {
                await GetAsync(serve, TimeSpan.FromMilliseconds(300));
                return false;
            }
            catch (TaskCanceledException)
            {
                return true;
            }
        }));
        Assert.All(impatient, Assert.True);
        var patient = await GetAsync(serve);

        Assert.True(patient.Status == HttpStatusCode.OK, patient.Body);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.AssumeRoleWithSaml));
    }

    [Fact]
    public async Task A_rejected_password_is_not_sent_again_until_the_configuration_changes()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), ProfileSetup.Password("demo-password"), clock);

        // The password changes at OneLogin while serve runs; the next refresh is refused.
        ws.Sandbox.Tenant.Users.First(u => u.Username == "demo@example.com").Password = "changed-at-onelogin";
        clock.Advance(TimeSpan.FromMinutes(50));
        var refused = await GetAsync(serve);
        Assert.Equal(HttpStatusCode.InternalServerError, refused.Status);
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));

        // Long after any herd's 30 s: still answered from the remembered refusal, the password never sent again.
        for (var i = 0; i < 5; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(2));
            var again = await GetAsync(serve);
            Assert.Equal(HttpStatusCode.InternalServerError, again.Status);
            Assert.Contains("remembered by serve", again.Body);
        }
        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));

        // The configuration changes: serve signs in again (once).
        File.AppendAllText(Path.Combine(ws.ConfigDirectory, "onelogin.aws.json"), "\n");
        var retried = await GetAsync(serve);
        Assert.Equal(HttpStatusCode.InternalServerError, retried.Status);
        Assert.DoesNotContain("remembered by serve", retried.Body);
        Assert.Equal(3, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }
}
