using System.Security.Cryptography;
using System.Text;

namespace SamlAssume.Cache;

/// <summary>
/// Where SamlAssume keeps what it caches: <c>$XDG_CACHE_HOME/samlassume</c>, else <c>~/.cache/samlassume</c>
/// (the XDG Base Directory spec: a relative XDG_CACHE_HOME is invalid and ignored). Directories are 0700, files 0600.
/// Profile names become file names only through <see cref="FileNameFor"/>, so no name can leave the directory.
/// </summary>
public sealed class CachePaths(string root)
{
    public const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public string Root { get; } = Path.GetFullPath(root);
    public string CredentialsDirectory => Path.Combine(Root, "credentials");
    public string LocksDirectory => Path.Combine(Root, "locks");
    public string AssertionsDirectory => Path.Combine(Root, "saml");
    /// <summary>MFA sessions of the IAM-user source (GetSessionToken), one per source profile.</summary>
    public string SessionsDirectory => Path.Combine(Root, "sessions");

    public const string XdgCacheHome = "XDG_CACHE_HOME";

    public static CachePaths For(ProcessEnvironment environment, string homeDirectory)
    {
        var xdg = environment[XdgCacheHome];
        var baseDirectory = xdg is not null && Path.IsPathRooted(xdg) ? xdg : Path.Combine(homeDirectory, ".cache");
        return new CachePaths(Path.Combine(baseDirectory, "samlassume"));
    }

    public string CredentialsFor(string profile) => Path.Combine(CredentialsDirectory, FileNameFor(profile) + ".json");

    public string LockFor(string profile) => Path.Combine(LocksDirectory, FileNameFor(profile) + ".lock");

    public string SessionFor(string sourceProfile) => Path.Combine(SessionsDirectory, FileNameFor(sourceProfile) + ".json");

    /// <summary>The refresh lock of a source profile's MFA session (apart from any profile's own lock).</summary>
    public string SessionLockFor(string sourceProfile) => Path.Combine(LocksDirectory, "session." + FileNameFor(sourceProfile) + ".lock");

    public string AssertionFor(string key) => Path.Combine(AssertionsDirectory, FileNameFor(key) + ".json");

    /// <summary>
    /// A file name that stands for one profile name only: letters, digits, '.', '_' and '-' are kept; anything else
    /// (a '/', "..", a space) is replaced and a hash of the exact name appended, so "a/b" and "a_b" never share a file.
    /// </summary>
    public static string FileNameFor(string profile)
    {
        ArgumentException.ThrowIfNullOrEmpty(profile);
        var kept = new StringBuilder(profile.Length);
        var changed = profile.StartsWith('.') || profile.Length > 64;
        foreach (var c in profile.Length > 64 ? profile[..64] : profile)
        {
            // A '.' right after another never survives, so ".." cannot appear in a file name.
            if (char.IsAsciiLetterOrDigit(c) || c is '_' or '-' || (c == '.' && (kept.Length == 0 || kept[^1] != '.'))) kept.Append(c);
            else { kept.Append('_'); changed = true; }
        }
        if (kept[0] == '.') kept[0] = '_';
        if (!changed) return kept.ToString();
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profile)))[..12];
        return $"{kept}-{hash}";
    }

    /// <summary>
    /// Creates the directory (and the cache root) owner-only; an existing one of ours is tightened to 0700. One that
    /// belongs to another user is refused (<see cref="CacheDirectoryException"/>) rather than written into or chmod-ed.
    /// </summary>
    public string Ensure(string directory)
    {
        foreach (var path in new[] { Root, directory }.Distinct())
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
                continue;
            }
            CheckOwned(path);
            if (!Directory.Exists(path)) Directory.CreateDirectory(path, OwnerOnlyDirectory);
            if (File.GetUnixFileMode(path) != OwnerOnlyDirectory) File.SetUnixFileMode(path, OwnerOnlyDirectory);
        }
        return directory;
    }

    /// <summary>Throws <see cref="CacheDirectoryException"/> if the cache root exists but is not a directory of this user's.</summary>
    public void CheckRoot() => CheckOwned(Root);

    private static void CheckOwned(string path)
    {
        if (Files.PathStatus.Of(path, followLinks: true) is not { } status || status.Kind == Files.PathKind.Missing) return;
        if (status.Kind != Files.PathKind.Directory)
        {
            throw new CacheDirectoryException($"the cache directory {path} is {Files.PathStatus.Describe(path)}, not a directory: remove it, or set {XdgCacheHome} to a directory of your own");
        }
        if (!status.OwnedByCurrentUser)
        {
            throw new CacheDirectoryException($"the cache directory {path} belongs to another user (uid {status.OwnerId}, you are uid {Files.PathStatus.CurrentUserId}): refusing to keep credentials there; remove it, or set {XdgCacheHome} to a directory of your own");
        }
    }

    /// <summary>
    /// Whether a cache file may be read: a regular file (not a symlink, FIFO or device) owned by this user. Anything
    /// else is not ours to trust — a symlink could point at another user's file, a FIFO would hang the read.
    /// </summary>
    public static bool IsOwnRegularFile(string path) =>
        Files.PathStatus.Of(path, followLinks: false) is not { } status
        || (status.Kind == Files.PathKind.RegularFile && status.OwnedByCurrentUser);
}
