namespace SamlAssume.Aws.Sessions;

/// <summary>A profile of the shared files cannot be used as asked: missing, without keys, or not leading to the source.</summary>
public sealed class AwsProfileException(string message) : Exception(message);
