using System.Net.Http.Headers;
using System.Text.Json;
using System.Xml.Linq;
using SamlAssume.Aws.Sessions.Tests;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>
/// The IAM flows through the real CLI against moto_server — an IAM and STS no one here wrote — with its signature
/// checks on (POST /moto-api/reset-auth): init's key check and device lookup, a session with the device IAM lists,
/// rotate (the old key refused by STS afterwards). moto checks no MFA code, and the session key it returns is not
/// one it knows, so the MFA-session cases (renew, roles from the session) are the sandbox's.
/// </summary>
public sealed class MotoIamUserTests(MotoServer moto) : IClassFixture<MotoServer>
{
    private const string Serial = "arn:aws:iam::123456789012:mfa/alice";

    /// <summary>User alice (allowed iam:* and sts:* by an inline policy), one key and an enabled virtual MFA device; then signatures are checked.</summary>
    private async Task<(string KeyId, string Secret)> SetUpAsync()
    {
        using var http = new HttpClient { BaseAddress = moto.BaseUrl };
        async Task<XElement> Iam(params (string, string)[] form)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new FormUrlEncodedContent([new("Version", "2010-05-08"), .. form.Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2))]) };
            // moto routes by the service in the credential scope; before reset-auth it checks no signature.
            request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=AKIASETUPSETUPSETUP0/20260101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00");
            using var response = await http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, text);
            return XElement.Parse(text);
        }
        await Iam(("Action", "CreateUser"), ("UserName", "alice"));
        await Iam(("Action", "PutUserPolicy"), ("UserName", "alice"), ("PolicyName", "all"),
            ("PolicyDocument", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","sts:*"],"Resource":"*"}]}"""));
        var key = (await Iam(("Action", "CreateAccessKey"), ("UserName", "alice"))).Descendants().First(e => e.Name.LocalName == "AccessKey");
        await Iam(("Action", "CreateVirtualMFADevice"), ("VirtualMFADeviceName", "alice"));
        await Iam(("Action", "EnableMFADevice"), ("UserName", "alice"), ("SerialNumber", Serial), ("AuthenticationCode1", "123456"), ("AuthenticationCode2", "234567"));
        using var auth = new StringContent("0");
        auth.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        Assert.True((await http.PostAsync("/moto-api/reset-auth", auth)).IsSuccessStatusCode);
        string Field(string name) => key.Elements().First(e => e.Name.LocalName == name).Value;
        return (Field("AccessKeyId"), Field("SecretAccessKey"));
    }

    private TestWorkspace AtMoto(TestWorkspace ws)
    {
        ws.Environment["AWS_ENDPOINT_URL_STS"] = moto.BaseUrl.ToString();
        ws.Environment["AWS_ENDPOINT_URL_IAM"] = moto.BaseUrl.ToString();
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        return ws;
    }

    [MotoFact]
    public async Task Init_session_token_with_the_device_iam_lists_and_rotate_against_moto()
    {
        var (keyId, secret) = await SetUpAsync();
        await using var ws = AtMoto(await TestWorkspace.StartAsync());

        var wrong = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion"], stdin: $"{keyId}\n{new string('x', 40)}\n");
        var init = await CliRun.RunAsync(ws, ["init", "--source-profile", "bastion"], stdin: $"{keyId}\n{secret}\n");
        var session = await ws.RunAsync("session-token", "--source-profile", "bastion", "--otp", "123456");
        var rotate = await ws.RunAsync("rotate", "--source-profile", "bastion");

        Assert.Equal(5, wrong.ExitCode);
        Assert.StartsWith($"samlassume: error: AWS STS does not accept the key {keyId} (", wrong.Stderr);
        Assert.True(init.ExitCode == 0, init.ToString());
        Assert.Contains($"IAM lists the MFA device {Serial} for this user", init.Stderr);
        Assert.True(session.ExitCode == 0, session.ToString());
        Assert.Contains($"Using MFA device {Serial}, the only one IAM lists for arn:aws:iam::123456789012:user/alice", session.Stderr);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(session.Stdout).RootElement.GetProperty("SessionToken").GetString()));
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        var bastion = IamUserCalls.Profile(ws, "bastion");
        Assert.NotEqual(keyId, bastion["aws_access_key_id"]);
        Assert.StartsWith("AKIA", bastion["aws_access_key_id"]);
        using var client = new SamlAssume.Aws.Iam.IamQueryClient(new HttpClient(),
            new SamlAssume.Aws.Iam.AwsQueryEndpoint(moto.BaseUrl, "us-east-1", "iam", SamlAssume.Aws.Iam.AwsQueryEndpoint.IamApiVersion),
            SamlAssume.Aws.Iam.AwsQueryEndpoint.Sts(new SamlAssume.Aws.StsEndpoint(moto.BaseUrl, "us-east-1")));
        var old = await Assert.ThrowsAsync<SamlAssume.Aws.Iam.AwsQueryException>(() => client.GetCallerIdentityAsync(new(keyId, secret)));
        Assert.Equal("InvalidClientTokenId", old.Code);
        Assert.Equal("arn:aws:iam::123456789012:user/alice", (await client.GetCallerIdentityAsync(new(bastion["aws_access_key_id"], bastion["aws_secret_access_key"]))).Arn);
        var keys = await client.ListAccessKeysAsync(new(bastion["aws_access_key_id"], bastion["aws_secret_access_key"]), "alice");
        Assert.Equal([bastion["aws_access_key_id"]], keys.Select(k => k.AccessKeyId));
        Assert.DoesNotContain(secret, init.AllOutput + rotate.AllOutput);
    }
}
