using System.Text.Json;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Aws;

/// <summary>The real AWS CLI reads what we wrote and its SigV4-signed call is accepted by the sandbox's STS.</summary>
public sealed class AwsCliTests
{
    [AwsCliFact]
    public async Task The_AWS_CLI_uses_the_written_profile()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var login = await ws.RunAsync(ws.LoginArgs("demo@example.com", "demo-password", "-p", "from-samlassume", "--aws-account-id", "333333333333", "--aws-role-name", "Developer", "--aws-region", "us-east-1"));
        Assert.True(login.ExitCode == 0, login.ToString());

        // Debian's AWS CLI (2.9) predates AWS_ENDPOINT_URL_STS, so the endpoint is given as a flag.
        var (exitCode, stdout, stderr) = await AwsCli.RunAsync(ws.Home,
            new Dictionary<string, string> { ["AWS_SHARED_CREDENTIALS_FILE"] = ws.CredentialsPath },
            "sts", "get-caller-identity", "--profile", "from-samlassume", "--endpoint-url", ws.Sandbox.BaseUrl.ToString(), "--output", "json");

        Assert.True(exitCode == 0, stderr);
        using var identity = JsonDocument.Parse(stdout);
        Assert.Equal("arn:aws:sts::333333333333:assumed-role/Developer/demo@example.com", identity.RootElement.GetProperty("Arn").GetString());
        Assert.Equal("333333333333", identity.RootElement.GetProperty("Account").GetString());
    }
}
