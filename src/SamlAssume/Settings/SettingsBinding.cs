namespace SamlAssume.Settings;

/// <summary>
/// What a profile's settings resolve to, as far as whose credentials they give: the source, who signs in (OneLogin's
/// API, app, user; the IAM user's source profile) and which role. Cached credentials record it
/// (<see cref="Cache.CachedCredentials.Settings"/>) and are served only while the settings resolve to the same again:
/// after <c>aws_role_name</c>, <c>aws_account_id</c> or <c>role_arn</c> changes, the old role's credentials are a miss.
/// Written for people (<c>-v</c> prints it); never a secret.
/// </summary>
public static class SettingsBinding
{
    public static string Of(LoginSettings settings) => settings.Source switch
    {
        SourceKind.IamUser => IamUser(settings.IamUser?.SourceProfile, settings.RoleArn) + (settings.IamUser?.Via is { } via ? $" by way of {via.RoleArn}" : ""),
        _ => $"OneLogin user {settings.Username ?? "(asked)"} of app {settings.AppId ?? "(none)"} at {settings.Subdomain ?? "(none)"}"
             + $" ({settings.Api?.ApiUrl}, client {settings.Api?.ClientId}) as role {settings.AwsRoleName ?? "(any)"} in account {settings.AwsAccountId ?? "(any)"}",
    };

    /// <summary>An IAM-user role profile's: the source profile with the keys, and the role (assume-role caches by this too).</summary>
    public static string IamUser(string? sourceProfile, string? roleArn) => $"the IAM user of [{sourceProfile}] as {roleArn ?? "a chosen role"}";
}
