using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Microsoft.Extensions.Time.Testing;
using SamlAssume.Sandbox;

namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>
/// The library's public surface as an AWS SDK user meets it: an STS client built on <see cref="MfaRoleCredentials"/>
/// calls GetCallerIdentity against the sandbox while a fake clock (shared by sandbox and credentials) moves through
/// role renewals and a session's end.
/// </summary>
public sealed class MfaRoleCredentialsTests
{
    private static AmazonSecurityTokenServiceClient ClientWith(MfaRoleCredentials credentials, SandboxServer sandbox) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = sandbox.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    [Fact]
    public async Task Role_credentials_renew_from_the_cached_session_and_mfa_is_asked_again_only_when_the_session_ends()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        var device = new SandboxIamUser.Device(clock);
        var sts = new SessionStsClient(SandboxIamUser.Options(sandbox));
        var session = new MfaSession(SandboxIamUser.Alice, sts, device.Code, new MemoryMfaSessionStore(), clock) { DurationSeconds = 7200 };
        using var credentials = new MfaRoleCredentials(session, sts, "arn:aws:iam::333333333333:role/Admin", clock) { RoleSessionName = "alice", DurationSeconds = 900 };
        using var client = ClientWith(credentials, sandbox);

        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Admin/alice", (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        Assert.Equal((1, 1, 1), (device.Asked, session.SessionsStarted, credentials.RolesAssumed));

        // Within the role's 15 minutes, before the SDK's 5-minute pre-emption: the same credentials.
        clock.Advance(TimeSpan.FromMinutes(8));
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal(1, credentials.RolesAssumed);

        // Past the role's expiry (the sandbox would answer ExpiredToken to the old key): renewed from the session, no MFA.
        clock.Advance(TimeSpan.FromMinutes(20));
        Assert.Equal("333333333333", (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Account);
        Assert.Equal((1, 1, 2), (device.Asked, session.SessionsStarted, credentials.RolesAssumed));

        // Past the two-hour session: one new code, one new session, then the role again.
        clock.Advance(TimeSpan.FromHours(2));
        await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal((2, 2, 3), (device.Asked, session.SessionsStarted, credentials.RolesAssumed));
        Assert.Equal(2, sandbox.Journal.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(3, sandbox.Journal.Count(SandboxEndpoints.AssumeRole));
        Assert.Equal(4, sandbox.Journal.Entries.Count(e => e.Endpoint == SandboxEndpoints.GetCallerIdentity && e.StatusCode == 200));
    }

    [Fact]
    public async Task A_refused_code_is_asked_once_sent_once_and_surfaces_as_mfa_code_rejected()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var sts = new SessionStsClient(SandboxIamUser.Options(sandbox));
        var asked = 0;
        var session = new MfaSession(SandboxIamUser.Alice, sts, (_, _) => { asked++; return ValueTask.FromResult("000000" == Totp.Compute(SandboxUsers.Alice.TotpSecret, DateTimeOffset.UtcNow) ? "111111" : "000000"); },
            new MemoryMfaSessionStore(), TimeProvider.System);
        using var credentials = new MfaRoleCredentials(session, sts, "arn:aws:iam::333333333333:role/Admin");

        var error = await Assert.ThrowsAsync<MfaCodeRejectedException>(() => credentials.AssumeAsync(CancellationToken.None));
        Assert.StartsWith($"AWS STS refused the MFA code for {SandboxUsers.Alice.MfaSerial}: MultiFactorAuthentication failed with invalid MFA one time pass code.", error.Message);
        Assert.Equal(1, asked);
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.GetSessionToken));
        Assert.Equal(0, sandbox.Journal.Count(SandboxEndpoints.AssumeRole));
    }

    [Fact]
    public async Task Concurrent_users_of_one_source_share_one_session_and_one_code()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var device = new SandboxIamUser.Device(TimeProvider.System);
        var sts = new SessionStsClient(SandboxIamUser.Options(sandbox));
        var store = new MemoryMfaSessionStore();
        var roles = new[] { "111111111111", "222222222222", "333333333333" }
            .SelectMany(a => new[] { "Admin", "ReadOnly", "Developer" }.Select(r => $"arn:aws:iam::{a}:role/{r}"))
            .Select(arn => new MfaRoleCredentials(new MfaSession(SandboxIamUser.Alice, sts, device.Code, store, TimeProvider.System), sts, arn))
            .ToList();

        var assumed = await Task.WhenAll(roles.Select(r => r.AssumeAsync(CancellationToken.None)));

        Assert.Equal(9, assumed.Select(a => a.AssumedRoleArn).Distinct().Count());
        Assert.Equal(1, device.Asked);
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.GetSessionToken));
        foreach (var r in roles) r.Dispose();
    }

    [Fact]
    public async Task From_profile_reads_the_role_and_its_source_from_the_shared_files()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var profiles = SharedProfiles.Parse($"""
            [bastion]
            aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
            aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}
            mfa_serial = {SandboxUsers.Alice.MfaSerial}
            """, """
            [profile staging]
            role_arn = arn:aws:iam::222222222222:role/Developer
            source_profile = bastion
            role_session_name = alice-staging
            """);
        var device = new SandboxIamUser.Device(TimeProvider.System);
        using var credentials = MfaRoleCredentials.FromProfile("staging", device.Code, profiles: profiles, options: SandboxIamUser.Options(sandbox));
        using var client = ClientWith(credentials, sandbox);

        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/alice-staging", (await client.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
    }
}
