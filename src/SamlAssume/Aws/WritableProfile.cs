namespace SamlAssume.Aws;

/// <summary>
/// The rule that keeps long-lived keys safe: temporary credentials are never written over a profile that holds an
/// IAM user's access key (awscli_bastion: "may contain long-lived credentials"), nor into the source profile itself,
/// whose keys may live in the keyring: temporary credentials there would hide them from the next run. Every writer of
/// the credentials file obeys it (<see cref="CredentialsFile.WriteProfiles"/> checks again under its lock), and
/// clear-cache never removes such a profile.
/// </summary>
public static class WritableProfile
{
    /// <summary>
    /// An access key without a session token, or an <c>AKIA…</c> key whatever else the profile says: a stray or empty
    /// <c>aws_session_token</c> line next to an IAM user's key does not make it temporary (STS issues only ASIA keys).
    /// </summary>
    public static bool HoldsLongLivedKeys(IReadOnlyDictionary<string, string>? values)
    {
        if (values is null || !values.TryGetValue("aws_access_key_id", out var keyId)) return false;
        if (keyId.Trim().StartsWith("AKIA", StringComparison.OrdinalIgnoreCase)) return true;
        var token = values.TryGetValue("aws_session_token", out var t) ? t : values.TryGetValue("aws_security_token", out var s) ? s : null;
        return string.IsNullOrWhiteSpace(token);
    }

    public static string Refusal(string profile, string path) =>
        $"profile [{profile}] of {path} holds long-lived keys: samlassume never writes temporary credentials over it; choose another profile";

    public static void Check(CredentialsFile file, IEnumerable<string> profiles, string? sourceProfile = null)
    {
        foreach (var profile in profiles)
        {
            if (HoldsLongLivedKeys(file.ReadProfile(profile))) throw new CredentialsFileException(Refusal(profile, file.Path));
            if (profile == sourceProfile)
                throw new InvalidInput($"profile [{profile}] is the source profile whose long-lived keys this command uses: samlassume never writes temporary credentials over it; choose another profile");
        }
    }
}
