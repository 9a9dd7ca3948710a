using Microsoft.Extensions.Time.Testing;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SamlAssume.Sandbox.Tests;

/// <summary>STS GetSessionToken with an IAM user's long-lived key and a virtual TOTP device, signed and parsed by the AWS SDK.</summary>
public sealed class GetSessionTokenTests
{
    private const string AliceKey = SandboxUsers.Alice.AccessKeyId;
    private const string AliceSecret = SandboxUsers.Alice.SecretAccessKey;
    private const string AliceSerial = SandboxUsers.Alice.MfaSerial;
    private const string AliceTotp = SandboxUsers.Alice.TotpSecret;

    private static AmazonSecurityTokenServiceClient Client(SandboxServer sandbox, AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = sandbox.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static AmazonSecurityTokenServiceClient Alice(SandboxServer sandbox) => Client(sandbox, new BasicAWSCredentials(AliceKey, AliceSecret));

    private static SessionAWSCredentials Session(Credentials c) => new(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);

    [Fact]
    public async Task An_mfa_session_lasts_what_was_asked_and_assumes_a_role_in_another_account_beyond_one_hour()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        using var alice = Alice(sandbox);

        var session = await alice.GetSessionTokenAsync(new GetSessionTokenRequest
        {
            SerialNumber = AliceSerial, TokenCode = Totp.Compute(AliceTotp, clock.GetUtcNow()), DurationSeconds = 129600,
        });

        Assert.StartsWith("ASIA", session.Credentials.AccessKeyId);
        Assert.Equal(clock.GetUtcNow().AddSeconds(129600).ToUnixTimeSeconds(), new DateTimeOffset(session.Credentials.Expiration!.Value.ToUniversalTime()).ToUnixTimeSeconds(), 1.0);
        using var hub = Client(sandbox, Session(session.Credentials));
        var identity = await hub.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:iam::444444444444:user/alice", identity.Arn);
        Assert.StartsWith("AIDA", identity.UserId);

        // Not role chaining: a user session may ask for the role's full MaxSessionDuration.
        var role = await hub.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("222222222222", "ReadOnly"), RoleSessionName = "alice", DurationSeconds = 43200 });
        using var spoke = Client(sandbox, Session(role.Credentials));
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/ReadOnly/alice", (await spoke.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);

        clock.Advance(TimeSpan.FromSeconds(129600));
        var expired = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => hub.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", expired.ErrorCode);
    }

    [Fact]
    public async Task Default_duration_is_twelve_hours_and_out_of_range_durations_are_validation_errors()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var alice = Alice(sandbox);

        var session = await alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = AliceSerial, TokenCode = Totp.Compute(AliceTotp, DateTimeOffset.UtcNow) });
        Assert.InRange(session.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddHours(12).AddMinutes(-1), DateTime.UtcNow.AddHours(12).AddMinutes(1));

        foreach (var (duration, words) in new[] { (899, "greater than or equal to 900"), (129601, "less than or equal to 129600") })
        {
            var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
                alice.GetSessionTokenAsync(new GetSessionTokenRequest { DurationSeconds = duration }));
            Assert.Equal("ValidationError", error.ErrorCode);
            Assert.Contains(words, error.Message);
        }
    }

    [Fact]
    public async Task A_wrong_code_a_reused_code_and_a_foreign_serial_are_access_denied_in_aws_words()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        using var alice = Alice(sandbox);
        var code = Totp.Compute(AliceTotp, clock.GetUtcNow());
        var wrong = code == "000000" ? "111111" : "000000";

        var bad = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = AliceSerial, TokenCode = wrong }));
        Assert.Equal(("AccessDenied", "MultiFactorAuthentication failed with invalid MFA one time pass code."), (bad.ErrorCode, bad.Message.Trim()));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, bad.StatusCode);

        await alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = AliceSerial, TokenCode = code });
        clock.Advance(TimeSpan.FromSeconds(20));
        var reused = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = AliceSerial, TokenCode = code }));
        Assert.Equal("MultiFactorAuthentication failed with invalid MFA one time pass code.", reused.Message.Trim());
        Assert.Equal(["ok", "reused"], sandbox.Journal.Entries.Where(e => e.Endpoint == SandboxEndpoints.GetSessionToken && e.Fields.ContainsKey("mfa") && e.Fields["mfa"] != "invalid").Select(e => e.Fields["mfa"]));

        var foreign = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            alice.GetSessionTokenAsync(new GetSessionTokenRequest { SerialNumber = SandboxUsers.Bob.PhoneMfaSerial, TokenCode = Totp.Compute(SandboxUsers.Bob.PhoneTotpSecret, clock.GetUtcNow()) }));
        Assert.Contains("Please verify your MFA serial number is valid and associated with this user.", foreign.Message);
    }

    [Fact]
    public async Task Session_credentials_cannot_get_another_session_and_a_session_without_mfa_cannot_assume_roles()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var alice = Alice(sandbox);

        var noMfa = await alice.GetSessionTokenAsync(new GetSessionTokenRequest());
        using var plain = Client(sandbox, Session(noMfa.Credentials));
        var again = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => plain.GetSessionTokenAsync(new GetSessionTokenRequest()));
        Assert.Equal(("AccessDenied", "Cannot call GetSessionToken with session credentials"), (again.ErrorCode, again.Message));

        var denied = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            plain.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("111111111111", "Admin"), RoleSessionName = "alice" }));
        Assert.Equal("AccessDenied", denied.ErrorCode);
        Assert.Contains("arn:aws:iam::444444444444:user/alice is not authorized to perform: sts:AssumeRole", denied.Message);

        var keyDenied = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            alice.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("111111111111", "Admin"), RoleSessionName = "alice" }));
        Assert.Equal("AccessDenied", keyDenied.ErrorCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_signature_mismatch_and_an_unknown_key_an_invalid_token()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var wrongSecret = Client(sandbox, new BasicAWSCredentials(AliceKey, "x" + AliceSecret[1..]));
        using var unknown = Client(sandbox, new BasicAWSCredentials("AKIAUNKNOWN000000000", AliceSecret));

        Assert.Equal("SignatureDoesNotMatch", (await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => wrongSecret.GetSessionTokenAsync(new GetSessionTokenRequest()))).ErrorCode);
        Assert.Equal("InvalidClientTokenId", (await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => unknown.GetSessionTokenAsync(new GetSessionTokenRequest()))).ErrorCode);
    }
}
