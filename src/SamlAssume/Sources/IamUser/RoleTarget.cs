using SamlAssume.Aws.Sessions;

namespace SamlAssume.Sources.IamUser;

/// <summary>One role to assume from the MFA session and the profile its credentials go to.</summary>
public sealed record RoleTarget(string Profile, string RoleArn, string? RoleSessionName, int? DurationSeconds, string? ExternalId, string? Region)
{
    public static RoleTarget From(RoleProfile role, int? durationOverride) =>
        new(role.Name, role.RoleArn, role.RoleSessionName, durationOverride ?? role.DurationSeconds, role.ExternalId, role.Region);

    /// <summary>The account id of an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME), for tables.</summary>
    public string Account => RoleArn.Split(':') is { Length: >= 6 } parts ? parts[4] : "?";

    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];
}
