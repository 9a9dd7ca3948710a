using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SamlAssume.Sandbox.Tests;

/// <summary>STS AssumeRole (role chaining from a SAML session), checked with the AWS SDK as the signer and parser.</summary>
public sealed class AssumeRoleTests
{
    private static AmazonSecurityTokenServiceClient Client(SandboxServer sandbox, AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig { ServiceURL = sandbox.BaseUrl.ToString(), AuthenticationRegion = "us-east-1", MaxErrorRetry = 0 });

    private static async Task<SessionAWSCredentials> SamlSessionAsync(SandboxServer sandbox)
    {
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        using var sts = Client(sandbox, new AnonymousAWSCredentials());
        var response = await sts.AssumeRoleWithSAMLAsync(new AssumeRoleWithSAMLRequest
        {
            RoleArn = Arns.Role("111111111111", "ReadOnly"), PrincipalArn = Arns.Provider("111111111111"), SAMLAssertion = assertion,
        });
        return new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken);
    }

    [Fact]
    public async Task A_saml_session_assumes_another_role_whose_credentials_then_work()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var hub = Client(sandbox, await SamlSessionAsync(sandbox));

        var response = await hub.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("222222222222", "Admin"), RoleSessionName = "spoke-session", DurationSeconds = 900 });

        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Admin/spoke-session", response.AssumedRoleUser.Arn);
        Assert.StartsWith("AROA", response.AssumedRoleUser.AssumedRoleId);
        Assert.InRange(response.Credentials.Expiration!.Value.ToUniversalTime(), DateTime.UtcNow.AddSeconds(850), DateTime.UtcNow.AddSeconds(910));
        using var spoke = Client(sandbox, new SessionAWSCredentials(response.Credentials.AccessKeyId, response.Credentials.SecretAccessKey, response.Credentials.SessionToken));
        Assert.Equal(response.AssumedRoleUser.Arn, (await spoke.GetCallerIdentityAsync(new GetCallerIdentityRequest())).Arn);
        Assert.Equal(1, sandbox.Journal.Count(SandboxEndpoints.AssumeRole));
    }

    [Fact]
    public async Task Role_chaining_is_limited_to_one_hour_and_unknown_roles_are_denied()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var hub = Client(sandbox, await SamlSessionAsync(sandbox));

        var tooLong = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            hub.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("111111111111", "ReadOnly"), RoleSessionName = "s1", DurationSeconds = 7200 }));
        Assert.Equal("ValidationError", tooLong.ErrorCode);
        Assert.Contains("role chaining", tooLong.Message);

        var unknown = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            hub.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("999999999999", "Admin"), RoleSessionName = "s2" }));
        Assert.Equal("AccessDenied", unknown.ErrorCode);
    }

    [Fact]
    public async Task Unsigned_assume_role_is_refused()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var anonymous = Client(sandbox, new AnonymousAWSCredentials());

        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() =>
            anonymous.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = Arns.Role("111111111111", "Admin"), RoleSessionName = "s3" }));
        Assert.Equal("MissingAuthenticationToken", error.ErrorCode);
    }
}
