namespace SamlAssume.Aws.Sessions;

/// <summary>
/// A profile with an IAM user's long-lived keys (awscli_bastion's <c>[bastion]</c>). The secret never appears in
/// <see cref="ToString"/>, logs or errors.
/// </summary>
public sealed record SourceProfile(string Name, string AccessKeyId, string SecretAccessKey, string? MfaSerial, string? Region)
{
    /// <summary>Where the keys were read (the credentials file's path, or the store's name), for messages.</summary>
    public string? KeysFrom { get; init; }

    public override string ToString() => $"SourceProfile {{ Name = {Name}, AccessKeyId = {AccessKeyId}, MfaSerial = {MfaSerial} }}";
}
