using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>The session-token and assume-role flows of the library against moto's STS, an implementation we did not write.</summary>
public sealed class MotoStsTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private static readonly SourceProfile Bastion = new("bastion", "AKIAMOTOBASTION00001", "moto-accepts-any-secret-0000000000000000", "arn:aws:iam::123456789012:mfa/alice", null);

    private StsClientOptions Options => new() { ServiceUrl = moto.BaseUrl, Region = "us-east-1" };

    [MotoFact]
    public async Task Get_session_token_then_assume_role_parse_motos_answers()
    {
        var sts = new SessionStsClient(Options);
        var session = await sts.GetSessionTokenAsync(Bastion, Bastion.MfaSerial, "123456", 3600, CancellationToken.None);
        Assert.False(string.IsNullOrEmpty(session.SessionToken));
        Assert.InRange(session.Expiration, DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(65));

        var role = await sts.AssumeRoleAsync(session, "arn:aws:iam::123456789012:role/Admin", "alice", 900, null, CancellationToken.None);
        Assert.Equal("arn:aws:sts::123456789012:assumed-role/Admin/alice", role.AssumedRoleArn);
        Assert.InRange(role.Expiration, DateTimeOffset.UtcNow.AddMinutes(10), DateTimeOffset.UtcNow.AddMinutes(20));
    }

    [MotoFact]
    public async Task Mfa_role_credentials_drive_an_sdk_client_against_moto()
    {
        var asked = 0;
        var sts = new SessionStsClient(Options);
        var session = new MfaSession(Bastion, sts, (_, _) => { asked++; return ValueTask.FromResult("123456"); }, new MemoryMfaSessionStore(), TimeProvider.System);
        using var credentials = new MfaRoleCredentials(session, sts, "arn:aws:iam::123456789012:role/ReadOnly") { RoleSessionName = "alice-ro" };
        using var client = new AmazonSecurityTokenServiceClient(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = moto.BaseUrl.ToString(), AuthenticationRegion = "us-east-1" });

        var identity = await client.GetCallerIdentityAsync(new GetCallerIdentityRequest());

        Assert.Equal("arn:aws:sts::123456789012:assumed-role/ReadOnly/alice-ro", identity.Arn);
        Assert.Equal(1, asked);
    }
}
