using SamlAssume.Aws.Iam;
using SamlAssume.Aws.Sessions;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// What <c>init</c> asks AWS before it stores an IAM user's keys: sts:GetCallerIdentity with them (a mistyped or
/// deleted key fails at once with one line, instead of later with InvalidClientTokenId), and, when no device was
/// given, the user's MFA device through IAM (stscreds and awscli_bastion's set-mfa-serial look it up the same way).
/// </summary>
public static class LongLivedKeyCheck
{
    public static async Task<CallerIdentity> CheckAsync(IamQueryClient client, AwsKeyCredentials key, CancellationToken cancellationToken)
    {
        try
        {
            return await client.GetCallerIdentityAsync(key, cancellationToken);
        }
        catch (AwsQueryException e) when (!e.Unavailable)
        {
            throw new AwsQueryException(e.Status, e.Code,
                $"AWS STS does not accept the key {key.AccessKeyId} ({e.Code}): nothing was stored; check the key id and the secret, or give --no-check to store them unchecked", e.RequestId, e);
        }
        catch (AwsQueryException e)
        {
            throw new AwsQueryException(e.Status, e.Code, $"{e.Message}: nothing was stored; give --no-check to store the keys unchecked", e.RequestId, e);
        }
    }

    /// <summary>
    /// The device IAM lists for the key's user (null when IAM cannot say: init still stores the keys), and the line to
    /// log once the keys are stored (a failure to store them must stay the command's one line).
    /// </summary>
    public static async Task<(string? Serial, string Note)> TryFindDeviceAsync(CommandContext context, IamQueryClient client, SourceProfile source, CancellationToken cancellationToken)
    {
        try
        {
            var found = await new MfaDeviceLookup(context, new ProgressLog(TextWriter.Null, false), client, onControllingTerminal: false).FindAsync(source, cancellationToken);
            return (found, $"IAM lists the MFA device {found} for this user: sessions find it there (or write mfa_serial = {found} into [{source.Name}] to skip the lookup).");
        }
        catch (Exception e) when (e is AwsProfileException or AwsQueryException or InvalidInput)
        {
            return (null, $"No MFA device from IAM: {e.Message}");
        }
    }
}
