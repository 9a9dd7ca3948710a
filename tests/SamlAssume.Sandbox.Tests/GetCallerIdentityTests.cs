using System.Diagnostics;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SamlAssume.Sandbox.Tests;

/// <summary>SigV4 verification checked with real signers: AWSSDK.SecurityToken and the AWS CLI v2.</summary>
public sealed class GetCallerIdentityTests
{
    private static AmazonSecurityTokenServiceClient Client(SandboxServer sandbox, AWSCredentials credentials) =>
        new(credentials, new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = sandbox.BaseUrl.ToString(),
            AuthenticationRegion = "us-east-1",
            MaxErrorRetry = 0,
        });

    /// <summary>Assumes a role through the SDK too, which proves the SDK parses the sandbox's AssumeRoleWithSAML answer.</summary>
    private static async Task<Credentials> AssumeAsync(SandboxServer sandbox)
    {
        using var calls = new SandboxCalls(sandbox);
        var assertion = await calls.AssertionAsync("demo@example.com", "demo-password");
        using var sts = Client(sandbox, new AnonymousAWSCredentials());
        var response = await sts.AssumeRoleWithSAMLAsync(new AssumeRoleWithSAMLRequest
        {
            RoleArn = Arns.Role("222222222222", "Developer"),
            PrincipalArn = Arns.Provider("222222222222"),
            SAMLAssertion = assertion,
            DurationSeconds = 3600,
        });
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", response.AssumedRoleUser.Arn);
        Assert.Equal("demo@example.com", response.Subject);
        return response.Credentials;
    }

    [Fact]
    public async Task Sdk_signed_call_with_issued_credentials_succeeds()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var credentials = await AssumeAsync(sandbox);
        using var sts = Client(sandbox, new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest());
        Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", identity.Arn);
        Assert.Equal("222222222222", identity.Account);
        Assert.StartsWith("AROA", identity.UserId);
        Assert.EndsWith(":demo@example.com", identity.UserId);
    }

    [Fact]
    public async Task Sdk_signed_call_with_wrong_secret_is_SignatureDoesNotMatch()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var credentials = await AssumeAsync(sandbox);
        var wrongSecret = credentials.SecretAccessKey[..^1] + (credentials.SecretAccessKey[^1] == 'A' ? 'B' : 'A');
        using var sts = Client(sandbox, new SessionAWSCredentials(credentials.AccessKeyId, wrongSecret, credentials.SessionToken));
        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, error.StatusCode);
    }

    [Fact]
    public async Task Unknown_key_or_token_is_InvalidClientTokenId()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var credentials = await AssumeAsync(sandbox);
        using var unknownKey = Client(sandbox, new SessionAWSCredentials("ASIAAAAAAAAAAAAAAAAA", credentials.SecretAccessKey, credentials.SessionToken));
        var e1 = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => unknownKey.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidClientTokenId", e1.ErrorCode);
        Assert.Equal("The security token included in the request is invalid.", e1.Message);

        using var wrongToken = Client(sandbox, new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, "bogus"));
        var e2 = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => wrongToken.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("InvalidClientTokenId", e2.ErrorCode);
    }

    [Fact]
    public async Task Expired_credentials_are_ExpiredToken()
    {
        // The sandbox clock moves; the SDK still signs with real time, which the sandbox does not hold against it.
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions { Clock = clock });
        var credentials = await AssumeAsync(sandbox);
        clock.Advance(TimeSpan.FromHours(2));
        using var sts = Client(sandbox, new SessionAWSCredentials(credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken));
        var error = await Assert.ThrowsAnyAsync<AmazonSecurityTokenServiceException>(() => sts.GetCallerIdentityAsync(new GetCallerIdentityRequest()));
        Assert.Equal("ExpiredToken", error.ErrorCode);
    }

    [Fact]
    public async Task Unsigned_call_is_MissingAuthenticationToken()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        using var calls = new SandboxCalls(sandbox);
        var (status, xml) = await calls.StsAsync(("Action", "GetCallerIdentity"), ("Version", "2011-06-15"));
        Assert.Equal(403, status);
        Assert.Equal("MissingAuthenticationToken", StsXmlReading.ErrorCode(xml));
    }

    [AwsCliFact]
    public async Task Aws_cli_v2_get_caller_identity_succeeds()
    {
        await using var sandbox = await SandboxServer.StartAsync();
        var credentials = await AssumeAsync(sandbox);
        var dir = Directory.CreateTempSubdirectory("sandbox-awscli-");
        try
        {
            var credentialsFile = Path.Combine(dir.FullName, "credentials");
            var configFile = Path.Combine(dir.FullName, "config");
            await File.WriteAllTextAsync(credentialsFile,
                $"[x]\naws_access_key_id = {credentials.AccessKeyId}\naws_secret_access_key = {credentials.SecretAccessKey}\naws_session_token = {credentials.SessionToken}\n");
            await File.WriteAllTextAsync(configFile, "");

            // AWS_ENDPOINT_URL_STS needs CLI >= 2.13; Debian 12 ships 2.9, which would silently go to the real STS.
            // --endpoint-url works on every v2, so it is passed too and no call can leave this machine.
            var start = new ProcessStartInfo(AwsCliFactAttribute.Path,
                ["sts", "get-caller-identity", "--profile", "x", "--output", "json", "--endpoint-url", sandbox.BaseUrl.ToString()])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("AWS_", StringComparison.Ordinal)).ToList())
                start.Environment.Remove(name);
            start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile;
            start.Environment["AWS_CONFIG_FILE"] = configFile;
            start.Environment["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString();
            start.Environment["AWS_REGION"] = "us-east-1";
            start.Environment["AWS_PAGER"] = "";
            start.Environment["AWS_MAX_ATTEMPTS"] = "1";
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"aws exited {process.ExitCode}: {await stderr}");
            using var json = JsonDocument.Parse(await stdout);
            Assert.Equal("arn:aws:sts::222222222222:assumed-role/Developer/demo@example.com", json.RootElement.GetProperty("Arn").GetString());
            Assert.Equal("222222222222", json.RootElement.GetProperty("Account").GetString());
            Assert.Equal(200, sandbox.Journal.Entries.Last(e => e.Endpoint == SandboxEndpoints.GetCallerIdentity).StatusCode);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
