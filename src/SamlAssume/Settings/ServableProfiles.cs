using SamlAssume.Aws.Sessions;
using SamlAssume.Configuration;

namespace SamlAssume.Settings;

/// <summary>One profile SamlAssume can serve, where its credentials come from and which role it is.</summary>
/// <param name="Kind">onelogin (an onelogin.aws.json entry), iam-role (a role profile leading to an IAM user's keys) or iam-user (the source profile: its MFA session).</param>
/// <param name="From">The onelogin.aws.json file, or the source profile of an IAM-user role.</param>
/// <param name="Role">account/role, a role ARN, or null when the sign-in asks.</param>
public sealed record ServableProfile(string Name, string Kind, string From, string? Role);

/// <summary>
/// Every profile name the profile commands (env, exec, credential-process, console, serve) accept — for
/// <c>samlassume list</c> and for completing <c>-p</c>: onelogin.aws.json's entries, the IAM-user role profiles of
/// ~/.aws/config, and (for session-token) the source profiles they lead to. Read from the files alone: no keyring call.
/// </summary>
public static class ServableProfiles
{
    public static IReadOnlyList<ServableProfile> Read(CommandContext context, string? configDirectory)
    {
        var found = new List<ServableProfile>();
        var aws = ConfigurationFiles.Find(configDirectory, context).Aws;
        foreach (var (name, entry) in aws.Profiles.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var values = entry.Or(aws.Global);
            var role = values.AwsAccountId is null && values.AwsRoleName is null ? null : $"{values.AwsAccountId ?? "*"}/{values.AwsRoleName ?? "*"}";
            found.Add(new ServableProfile(name, "onelogin", aws.SourcePath ?? "onelogin.aws.json", role));
        }
        SharedProfiles profiles;
        try
        {
            profiles = IamUserProfiles.Read(context);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or AwsProfileException)
        {
            return found;
        }
        var sources = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var name in profiles.Names)
        {
            if (profiles.Value(name, "role_arn") is not { } roleArn || profiles.SourceOf(name) is not { } source) continue;
            sources.Add(source);
            if (found.All(p => p.Name != name)) found.Add(new ServableProfile(name, "iam-role", source, roleArn));
        }
        foreach (var source in sources.Where(s => found.All(p => p.Name != s)))
        {
            found.Add(new ServableProfile(source, "iam-user", source, null));
        }
        return found;
    }
}
