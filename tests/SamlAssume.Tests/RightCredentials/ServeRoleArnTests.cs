using System.Net;
using SamlAssume.Sandbox;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 10: <c>/role-arn/&lt;role not granted&gt;</c> costs one sign-in and is then answered from the recorded
/// refusal; role-arn requests leave no lock file per ARN; a path the client chose never reaches the terminal raw.
/// </summary>
public sealed class ServeRoleArnTests
{
    private static string[] ServeArgs(TestWorkspace ws) => ["-p", ProfileSetup.Profile, "-c", ws.ConfigDirectory];

    private static HttpClient Client(RunningServe serve)
    {
        var http = new HttpClient();
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", serve.Token);
        return http;
    }

    [Fact]
    public async Task A_role_not_granted_costs_one_sign_in_then_is_answered_from_the_recorded_refusal()
    {
        var clock = new MovableClock(DateTimeOffset.UtcNow);
        await using var ws = await TestWorkspace.StartAsync(new SandboxOptions { Clock = clock });
        ws.WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), ProfileSetup.Password("demo-password"), clock);
        using var http = Client(serve);
        // The assertion of the first sign-in is no longer usable 10 minutes on; the profile's credentials still are.
        clock.Advance(TimeSpan.FromMinutes(10));

        for (var i = 0; i < 5; i++)
        {
            using var refused = await http.GetAsync(new Uri(serve.Url, "role-arn/arn:aws:iam::999999999999:role/Nope"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }

        Assert.Equal(2, ws.Sandbox.Journal.Count(SandboxEndpoints.SamlAssertion));
    }

    [Fact]
    public async Task Two_hundred_role_ARNs_leave_no_lock_file_each_and_a_hostile_path_never_reaches_the_terminal()
    {
        await using var ws = (await TestWorkspace.StartAsync()).WithProfiles();
        await using var serve = await RunningServe.StartAsync(ws, ServeArgs(ws), ProfileSetup.Password("demo-password"));
        using var http = Client(serve);

        for (var i = 0; i < 200; i++)
        {
            using var refused = await http.GetAsync(new Uri(serve.Url, $"role-arn/arn:aws:iam::999999999999:role/Nope{i}"));
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        }
        using var hostile = await http.GetAsync(new Uri(serve.Url.AbsoluteUri + "role-arn/arn%0D%0Awarning:%20forged%1B%5B31m"));
        Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);

        var locks = Directory.GetFiles(Path.Combine(ws.CacheHome(), "samlassume", "locks"));
        Assert.True(locks.Length <= 2, string.Join(", ", locks.Select(Path.GetFileName)));
        var stopped = await serve.StopAsync();
        Assert.DoesNotContain('\u001b', stopped.Stderr);
        Assert.DoesNotContain("forged", stopped.Stderr);
        Assert.DoesNotContain('\r', stopped.Stderr);
    }
}
