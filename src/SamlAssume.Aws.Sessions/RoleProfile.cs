namespace SamlAssume.Aws.Sessions;

/// <summary>A profile of ~/.aws/config that names a role to assume from another profile (<c>role_arn</c> + <c>source_profile</c>).</summary>
public sealed record RoleProfile(
    string Name,
    string RoleArn,
    string SourceProfile,
    string? MfaSerial = null,
    string? Region = null,
    int? DurationSeconds = null,
    string? RoleSessionName = null,
    string? ExternalId = null);
