using System.Text.Json;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests;

/// <summary><c>samlassume list</c>: every profile SamlAssume can serve, its source, role and cached state.</summary>
public sealed class ListCommandTests
{
    private static void WriteAwsFiles(TestWorkspace ws)
    {
        var aws = Path.Combine(ws.Home, ".aws");
        Directory.CreateDirectory(aws);
        File.WriteAllText(Path.Combine(aws, "config"),
            "[profile bastion]\nmfa_serial = arn:aws:iam::444455556666:mfa/me\n\n[profile ops]\nrole_arn = arn:aws:iam::444455556666:role/Ops\nsource_profile = bastion\n\n[profile plain]\nregion = eu-west-1\n");
        File.WriteAllText(Path.Combine(aws, "credentials"), "[bastion]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n");
    }

    [Fact]
    public async Task List_shows_each_profile_its_source_role_and_a_cached_profiles_expiry()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        WriteAwsFiles(ws);
        var env = await CliRun.RunAsync(ws, ["env", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));
        Assert.True(env.ExitCode == 0, env.ToString());
        var expiration = JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath())).RootElement.GetProperty("Expiration").GetString();

        var result = await ws.RunAsync("list", "-c", ws.ConfigDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.TrimEnd('\n').Split('\n');
        Assert.Matches(@"^PROFILE\s+SOURCE\s+ROLE\s+CREDENTIALS$", lines[0]);
        Assert.Matches($@"^sandbox-dev\s+onelogin\s+333333333333/Developer\s+valid until {expiration} \(\d+ (h \d+ )?min left\)$", lines.Single(l => l.StartsWith("sandbox-dev ")));
        Assert.Matches(@"^sandbox-prod\s+onelogin\s+111111111111/ReadOnly\s+none$", lines.Single(l => l.StartsWith("sandbox-prod ")));
        Assert.Matches(@"^ops\s+iam-user \[bastion\]\s+arn:aws:iam::444455556666:role/Ops\s+none$", lines.Single(l => l.StartsWith("ops ")));
        Assert.Contains(lines, l => l.StartsWith("bastion ") && l.Contains("iam-user keys (MFA session)"));
        Assert.DoesNotContain(lines, l => l.StartsWith("plain "));
    }

    [Fact]
    public async Task List_json_says_valid_expired_or_none()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithProfiles();
        var env = await CliRun.RunAsync(ws, ["env", ProfileSetup.Profile, "-c", ws.ConfigDirectory], environment: ProfileSetup.Password("demo-password"));
        Assert.True(env.ExitCode == 0, env.ToString());
        var cached = File.ReadAllText(ws.CachedCredentialsPath());
        var expiration = JsonDocument.Parse(cached).RootElement.GetProperty("Expiration").GetString()!;
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CachedCredentialsPath("sandbox-prod"))!);
        File.WriteAllText(ws.CachedCredentialsPath("sandbox-prod"), cached.Replace(expiration, "2020-01-01T00:00:00Z"));

        var result = await ws.RunAsync("list", "--json", "-c", ws.ConfigDirectory);

        Assert.True(result.ExitCode == 0, result.ToString());
        var profiles = JsonDocument.Parse(result.Stdout).RootElement.EnumerateArray().ToDictionary(p => p.GetProperty("profile").GetString()!);
        Assert.Equal("valid", profiles["sandbox-dev"].GetProperty("credentials").GetString());
        Assert.Equal(expiration, profiles["sandbox-dev"].GetProperty("expiration").GetString());
        Assert.Equal("onelogin", profiles["sandbox-dev"].GetProperty("source").GetString());
        Assert.Equal("expired", profiles["sandbox-prod"].GetProperty("credentials").GetString());
        Assert.Equal("2020-01-01T00:00:00Z", profiles["sandbox-prod"].GetProperty("expiration").GetString());
    }
}
