using System.Text.Json;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// What issue 23's tests share. Tests marked <c>[Trait(Native, Yes)]</c> run the tool as a child process
/// (<see cref="ProfileSetup.RunChildAsync"/>: the NativeAOT binary when SAMLASSUME_BINARY names one), and .ci/run's
/// native pass includes them (<c>--filter …|Binary=native</c>).
/// </summary>
public static class RightCredentialsSetup
{
    public const string Native = "Binary";
    public const string Yes = "native";

    public static Dictionary<string, string?> NoExtra => new();

    /// <summary>onelogin.aws.json as <see cref="ProfileSetup.WithProfiles"/> writes it, with [sandbox-dev] pointed at another role.</summary>
    public static void SetDevRole(this TestWorkspace ws, string account, string role, string user = "demo@example.com") =>
        ws.WithAwsConfig(new()
        {
            ["app_id"] = ws.AppId,
            ["subdomain"] = ws.Sandbox.Tenant.Subdomain,
            ["username"] = user,
            ["profiles"] = new Dictionary<string, object?>
            {
                [ProfileSetup.Profile] = new Dictionary<string, object?> { ["aws_account_id"] = account, ["aws_role_name"] = role, ["aws_region"] = "eu-west-1" },
                ["sandbox-prod"] = new Dictionary<string, object?> { ["aws_account_id"] = "111111111111", ["aws_role_name"] = "ReadOnly", ["aws_region"] = "us-east-1" },
            },
        });

    public static string CachedField(this TestWorkspace ws, string profile, string field) =>
        JsonDocument.Parse(File.ReadAllText(ws.CachedCredentialsPath(profile))).RootElement.GetProperty(field).GetString() ?? "";

    public static string KeyOf(string credentialProcessJson) =>
        JsonDocument.Parse(credentialProcessJson).RootElement.GetProperty("AccessKeyId").GetString()!;
}
