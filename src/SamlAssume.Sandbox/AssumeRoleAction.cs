using System.Globalization;
using System.Security.Cryptography;

namespace SamlAssume.Sandbox;

/// <summary>
/// STS AssumeRole, SigV4-signed with the caller's credentials (docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html):
/// RoleArn and RoleSessionName ([\w+=,.@-]{2,64}) required, DurationSeconds 900–43200, at most the role's
/// MaxSessionDuration, and at most one hour when the caller is itself an assumed role ("role chaining",
/// docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_terms-and-concepts.html#iam-term-role-chaining).
/// Trust is simplified: any session this sandbox issued may assume any role of the tenant — what a hub-and-spoke
/// setup (profiles with role_arn + source_profile) needs from STS. IAM users need MFA in their session (see below); a
/// GetSessionToken session is not a role session, so role chaining's one-hour cap does not apply to it.
/// </summary>
internal static class AssumeRoleAction
{
    private const int RoleChainingLimitSeconds = 3600;

    public static string Handle(IssuedCredential caller, IReadOnlyDictionary<string, string> form, SandboxState state, string requestId, RequestRecord record)
    {
        record.Set("caller_access_key_id", caller.AccessKeyId);
        string Required(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new StsRejection(StsError.MissingParameter(name));
        var roleArn = Required("RoleArn");
        var sessionName = Required("RoleSessionName");
        record.Set("role_arn", roleArn);
        if (!AssumeRoleWithSamlAction.RoleSessionNamePattern().IsMatch(sessionName))
            throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{sessionName}' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*"));

        var duration = 3600;
        if (form.TryGetValue("DurationSeconds", out var durationText) && durationText.Length > 0)
        {
            record.Set("duration_seconds", durationText);
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out duration) || duration is < 900 or > 43200)
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must have value between 900 and 43200"));
        }

        var match = AssumeRoleWithSamlAction.RoleArnPattern().Match(roleArn);
        var account = match.Success ? state.Tenant.FindAccount(match.Groups[1].Value) : null;
        var role = account?.Roles.FirstOrDefault(r => r.Name == match.Groups[2].Value);
        // The identity account's roles trust its users only with MFA (a trust policy conditioned on
        // aws:MultiFactorAuthPresent): a long-lived key, or a GetSessionToken session without a code, is denied.
        var userWithoutMfa = caller.Kind is CredentialKind.LongLivedKey || (caller.Kind is CredentialKind.UserSession && !caller.MultiFactor);
        if (account is null || role is null || userWithoutMfa)
            throw new StsRejection(StsError.AccessDenied($"User: {caller.AssumedRoleArn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}"));
        if (caller.Kind is CredentialKind.RoleSession && duration > RoleChainingLimitSeconds)
            throw new StsRejection(StsError.Validation("The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining."));
        if (duration > role.MaxSessionDuration)
            throw new StsRejection(StsError.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));

        var now = state.Clock.GetUtcNow();
        var expiration = now.AddSeconds(duration);
        expiration = new DateTimeOffset(expiration.UtcTicks - expiration.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var credential = new IssuedCredential(
            AccessKeyId: "ASIA" + AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            SecretAccessKey: AssumeRoleWithSamlAction.RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            SessionToken: "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300)),
            Expiration: expiration,
            AssumedRoleArn: $"arn:aws:sts::{account.AccountId}:assumed-role/{role.Name}/{sessionName}",
            AssumedRoleId: $"{AssumeRoleWithSamlAction.RoleId(account.RoleArn(role))}:{sessionName}",
            Account: account.AccountId);
        state.Credentials.Remember(credential);
        record.Set("access_key_id", credential.AccessKeyId);

        return StsXml.Success(SandboxEndpoints.AssumeRole, requestId,
            StsXml.Credentials(credential),
            StsXml.E("AssumedRoleUser", new object[]
            {
                StsXml.E("AssumedRoleId", credential.AssumedRoleId),
                StsXml.E("Arn", credential.AssumedRoleArn),
            }));
    }
}
