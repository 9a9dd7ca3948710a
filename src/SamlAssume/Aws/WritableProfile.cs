namespace SamlAssume.Aws;

/// <summary>
/// The rule that keeps long-lived keys safe: temporary credentials are never written over a profile that holds an
/// access key without a session token (awscli_bastion: "may contain long-lived credentials"), nor into the source
/// profile itself, whose keys may live in the keyring: temporary credentials there would hide them from the next run.
/// </summary>
public static class WritableProfile
{
    public static bool HoldsLongLivedKeys(IReadOnlyDictionary<string, string>? values) =>
        values is not null && values.ContainsKey("aws_access_key_id") && !values.ContainsKey("aws_session_token");

    public static void Check(CredentialsFile file, IEnumerable<string> profiles, string? sourceProfile = null)
    {
        foreach (var profile in profiles)
        {
            if (HoldsLongLivedKeys(file.ReadProfile(profile)))
                throw new InvalidInput($"profile [{profile}] of {file.Path} holds long-lived keys: samlassume never writes temporary credentials over it; choose another profile");
            if (profile == sourceProfile)
                throw new InvalidInput($"profile [{profile}] is the source profile whose long-lived keys this command uses: samlassume never writes temporary credentials over it; choose another profile");
        }
    }
}
