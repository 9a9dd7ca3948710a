using SamlAssume.Aws;
using SamlAssume.Aws.Iam;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Sources.IamUser;

/// <summary>What a test asks the sandbox itself with credentials the CLI produced: who they are, what IAM holds.</summary>
public static class IamUserCalls
{
    public static IamQueryClient Client(TestWorkspace ws) =>
        new(new HttpClient(), new AwsQueryEndpoint(ws.Sandbox.BaseUrl, "us-east-1", "iam", AwsQueryEndpoint.IamApiVersion),
            AwsQueryEndpoint.Sts(new StsEndpoint(ws.Sandbox.BaseUrl, "us-east-1")));

    /// <summary>sts:GetCallerIdentity's Arn for these credentials, or the error code STS answered.</summary>
    public static async Task<string> WhoAsync(TestWorkspace ws, string keyId, string secret, string? token = null)
    {
        using var client = Client(ws);
        try
        {
            return (await client.GetCallerIdentityAsync(new AwsKeyCredentials(keyId, secret, token))).Arn;
        }
        catch (AwsQueryException e)
        {
            return e.Code;
        }
    }

    public static Task<string> WhoAsync(TestWorkspace ws, IReadOnlyDictionary<string, string> variables) =>
        WhoAsync(ws, variables["AWS_ACCESS_KEY_ID"], variables["AWS_SECRET_ACCESS_KEY"], variables.GetValueOrDefault("AWS_SESSION_TOKEN"));

    /// <summary>The variables of <c>export NAME='value'</c> lines (the sh format; values without quotes inside).</summary>
    public static Dictionary<string, string> Exports(string sh) =>
        sh.Split('\n').Where(l => l.StartsWith("export ", StringComparison.Ordinal))
            .Select(l => l["export ".Length..].Split('=', 2))
            .ToDictionary(p => p[0], p => p[1].Trim('\''));

    /// <summary>The keys of a profile of the credentials file.</summary>
    public static IReadOnlyDictionary<string, string> Profile(TestWorkspace ws, string name) =>
        new CredentialsFile(ws.CredentialsPath).ReadProfile(name) ?? throw new InvalidOperationException($"no [{name}] in {ws.CredentialsPath}");

    /// <summary>sts:GetCallerIdentity with the keys a profile of the credentials file holds.</summary>
    public static Task<string> WhoIsProfileAsync(TestWorkspace ws, string name)
    {
        var profile = Profile(ws, name);
        return WhoAsync(ws, profile["aws_access_key_id"], profile["aws_secret_access_key"], profile.GetValueOrDefault("aws_session_token"));
    }
}
