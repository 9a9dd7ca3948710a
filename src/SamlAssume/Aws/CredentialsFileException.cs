namespace SamlAssume.Aws;

/// <summary>
/// The credentials file cannot be read or written safely. The message is one line naming the file (and the line,
/// when one is to blame) and never carries a value from the file, since the file holds secrets.
/// </summary>
public sealed class CredentialsFileException(string message) : Exception(message);
