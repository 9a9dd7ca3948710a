using System.Text;

namespace SamlAssume.Cache;

/// <summary>
/// A fingerprint of every file a profile's settings can be resolved from — onelogin.aws.json and onelogin.sdk.json in
/// each directory of the search path (<c>-c DIR</c>, the current directory, <c>~/.onelogin</c>), and the AWS shared
/// config and credentials files — by path and content (a missing file counts too: one appearing in the current
/// directory changes the search). Cached credentials carry it (<see cref="CachedCredentials.Inputs"/>), so the
/// credential_process fast path, which cannot afford to resolve settings, serves a hit only while none of these files
/// changed; otherwise the full path resolves the settings and compares what they name
/// (<see cref="CachedCredentials.Settings"/>). Cheap on purpose: a few small reads and an FNV-1a hash, no crypto,
/// no JSON, nothing the fast path would not load anyway.
/// </summary>
public static class SettingsInputs
{
    private const string AwsFileName = "onelogin.aws.json";
    private const string SdkFileName = "onelogin.sdk.json";
    /// <summary>Larger files are fingerprinted by size and modification time instead of content.</summary>
    private const long ContentLimit = 1 << 20;

    /// <summary>The fingerprint, or null when it cannot be made (the -c directory does not exist: the full path says so).</summary>
    public static string? Of(string? configDirectory, string currentDirectory, string homeDirectory, Func<string, string?> environment)
    {
        var hash = new Fnv();
        var directories = new List<string>(3);
        if (!string.IsNullOrWhiteSpace(configDirectory))
        {
            var expanded = Files.HomePath.Expand(configDirectory, homeDirectory);
            if (!Directory.Exists(expanded)) return null;
            directories.Add(Path.GetFullPath(expanded, currentDirectory));
        }
        directories.Add(currentDirectory);
        directories.Add(Path.Combine(homeDirectory, ".onelogin"));
        foreach (var directory in directories)
        {
            Add(ref hash, Path.Combine(directory, AwsFileName));
            Add(ref hash, Path.Combine(directory, SdkFileName));
        }
        Add(ref hash, SharedFile(environment("AWS_CONFIG_FILE"), homeDirectory, "config"));
        Add(ref hash, SharedFile(environment("AWS_SHARED_CREDENTIALS_FILE"), homeDirectory, "credentials"));
        return hash.Value.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Where the AWS CLI finds a shared file (as SharedConfigFiles.Resolve, without loading its assembly).</summary>
    private static string SharedFile(string? variable, string homeDirectory, string name) =>
        variable is { Length: > 0 } named ? Path.GetFullPath(Files.HomePath.Expand(named, homeDirectory)) : Path.Combine(homeDirectory, ".aws", name);

    private static void Add(ref Fnv hash, string path)
    {
        hash.Add(Encoding.UTF8.GetBytes(path));
        hash.Add([0]);
        try
        {
            var kind = Files.PathStatus.Of(path, followLinks: true)?.Kind ?? (File.Exists(path) ? Files.PathKind.RegularFile : Files.PathKind.Missing);
            // A FIFO or socket is never opened (it could block): its kind is its fingerprint, as is a missing file's.
            if (kind != Files.PathKind.RegularFile)
            {
                hash.Add(Encoding.UTF8.GetBytes(kind.ToString()));
                return;
            }
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            var length = file.Length;
            hash.Add(BitConverter.GetBytes(length));
            if (length > ContentLimit)
            {
                hash.Add(BitConverter.GetBytes(File.GetLastWriteTimeUtc(path).Ticks));
                return;
            }
            var bytes = new byte[length];
            var read = 0;
            while (read < bytes.Length && file.Read(bytes, read, bytes.Length - read) is var n and > 0) read += n;
            hash.Add(bytes.AsSpan(0, read));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            hash.Add(Encoding.UTF8.GetBytes(e.GetType().Name));
        }
    }

    /// <summary>64-bit FNV-1a.</summary>
    private struct Fnv()
    {
        public ulong Value { get; private set; } = 14695981039346656037UL;

        public void Add(ReadOnlySpan<byte> bytes)
        {
            var value = Value;
            foreach (var b in bytes)
            {
                value ^= b;
                value *= 1099511628211UL;
            }
            Value = value;
        }
    }
}
