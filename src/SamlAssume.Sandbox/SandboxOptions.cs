namespace SamlAssume.Sandbox;

/// <summary>How to start a sandbox. TenantJson wins over TenantFile; neither means the embedded default tenant.</summary>
public sealed record SandboxOptions
{
    public string? TenantFile { get; init; }
    public string? TenantJson { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 lets the OS pick a free port, so parallel tests never collide.</summary>
    public int Port { get; init; }
    /// <summary>Drives every expiry check (tokens, state tokens, assertions, credentials), so tests can move time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    /// <summary>Each request as it is answered (<c>sandbox --verbose</c>), and sandbox failures.</summary>
    public Action<string>? Log { get; init; }
    /// <summary>
    /// What a person running the sandbox must see: the SMS, email and voice codes it "sends" (a real tenant would
    /// text them), so those flows can be finished by hand. Tests read them from the journal instead.
    /// </summary>
    public Action<string>? Announce { get; init; }
    /// <summary>
    /// Where the IdP's signing certificate and key are kept between runs (<c>sandbox --key-dir</c>, by default under
    /// the user's cache directory), so certificate pins survive a restart; null: a fresh key for this run only (tests).
    /// </summary>
    public string? KeyDirectory { get; init; }
    /// <summary>
    /// A user whose web sign-in session already exists (<c>sandbox --signed-in-user</c>): the app's launch URL posts
    /// their assertion at once, as OneLogin does for a browser with a valid session; null shows the sign-in form.
    /// </summary>
    public string? SignedInUser { get; init; }
    /// <summary>
    /// IAM SAML providers registered from IdP metadata (<c>sandbox --saml-provider ARN=METADATA_FILE</c>):
    /// AssumeRoleWithSAML for that PrincipalArn accepts assertions signed by that IdP.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> SamlProviders { get; init; } = [];
}
