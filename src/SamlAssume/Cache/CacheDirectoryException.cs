namespace SamlAssume.Cache;

/// <summary>
/// The cache directory cannot be used safely: it belongs to another user, or is not a directory. Cached credentials
/// are secrets, so we neither write into it nor "fix" its mode; the user decides. One line, no secret.
/// </summary>
public sealed class CacheDirectoryException(string message) : Exception(message);
