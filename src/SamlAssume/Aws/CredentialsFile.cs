using System.Text.RegularExpressions;

namespace SamlAssume.Aws;

/// <summary>
/// The shared AWS credentials file (~/.aws/credentials). Writes change only the keys asked for and leave every
/// other byte as it was; they hold a lock across processes around read-modify-write and replace the file in one
/// rename, so readers never see half a file and concurrent writers never lose each other's profiles.
/// A file botocore would misread (duplicate profiles or keys, lines it cannot parse) is refused, never repaired.
/// </summary>
public sealed partial class CredentialsFile
{
    public const string EnvironmentVariable = "AWS_SHARED_CREDENTIALS_FILE";
    /// <summary>
    /// How long one holder may keep the lock before a writer gives up (per holder: the wait restarts whenever the
    /// lock changes hands, see <see cref="FileLock.TryAcquire"/>). A holder keeps it for one read-modify-rename
    /// (milliseconds; under heavy load about a second), so 50 writers queued behind each other all get their turn —
    /// a writer that gives up throws away credentials STS has already issued. Only a stopped process (SIGSTOP, a
    /// debugger) holds it this long; a dead one releases it at once.
    /// </summary>
    internal static readonly TimeSpan DefaultLockTimeout = TimeSpan.FromMinutes(2);
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private readonly TimeSpan lockTimeout;

    public CredentialsFile(string path)
        : this(path, DefaultLockTimeout)
    {
    }

    internal CredentialsFile(string path, TimeSpan lockTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Path = System.IO.Path.GetFullPath(path);
        this.lockTimeout = lockTimeout;
    }

    public string Path { get; }

    /// <summary>
    /// Where botocore would look: <paramref name="explicitPath"/> (-f) if given, else AWS_SHARED_CREDENTIALS_FILE
    /// (with $VARS and a leading ~ expanded, as botocore does), else &lt;home&gt;/.aws/credentials.
    /// </summary>
    public static string ResolvePath(Func<string, string?> getEnvironmentVariable, string homeDirectory, string? explicitPath = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitPath))
        {
            return Files.HomePath.Expand(explicitPath, homeDirectory);
        }

        var fromEnvironment = getEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Files.HomePath.Expand(ExpandVariables(fromEnvironment, getEnvironmentVariable), homeDirectory);
        }

        return System.IO.Path.Combine(homeDirectory, ".aws", "credentials");
    }

    /// <summary>
    /// Sets these keys in [profile] (creating the section, the file and the directory as needed), leaving every
    /// other byte as it was. Values are written verbatim.
    /// </summary>
    public void WriteProfile(string profile, IReadOnlyList<KeyValuePair<string, string>> values) =>
        WriteProfiles([new(profile, values)]);

    /// <summary>
    /// Sets several profiles in one locked read-modify-write and one rename: a hundred roles assumed at once cost one
    /// file replacement, not a hundred turns at the lock.
    /// </summary>
    public void WriteProfiles(IReadOnlyList<KeyValuePair<string, IReadOnlyList<KeyValuePair<string, string>>>> profiles)
    {
        foreach (var (profile, values) in profiles)
        {
            ValidateProfileName(profile);
            ValidateValues(values);
        }

        try
        {
            // Write through a symlink at its target, so the link (into a dotfiles repo, say) stays a link.
            var target = ResolveLinks(Path);
            RefuseUnlessWritableRegularFile(target);
            var directory = System.IO.Path.GetDirectoryName(target) ?? ".";
            if (!Directory.Exists(directory))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(directory);
                }
                else
                {
                    Directory.CreateDirectory(directory, OwnerOnlyDirectory);
                }
            }

            using var held = FileLock.TryAcquire(target + ".lock", lockTimeout)
                ?? throw new CredentialsFileException(
                    $"{Path} is locked by another process (lock file {target}.lock held by one process for over {lockTimeout.TotalSeconds:0.#} s: is a samlassume or aws stopped?); try again");

            AtomicFile.RemoveAbandonedTemporaries(target);
            // Again under the lock: another process may have put something else there meanwhile.
            RefuseUnlessWritableRegularFile(target);
            var existing = File.Exists(target) ? ReadBounded(target) : null;
            var document = existing is null
                ? CredentialsFileDocument.Empty(Path)
                : CredentialsFileDocument.Parse(existing, Path);
            var profilesBefore = document.ProfileNames();
            // Checked again under the lock, whoever the writer: temporary credentials never go over an IAM user's keys.
            foreach (var (profile, values) in profiles)
            {
                if (values.Any(v => v.Key is "aws_session_token") && WritableProfile.HoldsLongLivedKeys(document.ReadProfile(profile)))
                    throw new CredentialsFileException(WritableProfile.Refusal(profile, Path));
            }
            foreach (var (profile, values) in profiles) document.SetProfile(profile, values);
            var content = document.ToBytes();
            VerifyEdit(content, profiles, profilesBefore);
            AtomicFile.Replace(target, content, OwnerOnlyFile, keepExistingMode: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot write: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// Throws <see cref="CredentialsFileException"/> now if a write is bound to be refused (a FIFO or other special
    /// file, a read-only file), so a login can stop before it sends a password rather than after STS answered.
    /// </summary>
    public void CheckWritable()
    {
        try
        {
            RefuseUnlessWritableRegularFile(ResolveLinks(Path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot write: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// Deletes the profiles <paramref name="remove"/> picks (given each profile's keys) in one locked read-modify-write
    /// and one rename, and returns their names. Every other byte stays as it was.
    /// </summary>
    public IReadOnlyList<string> RemoveProfiles(Func<string, IReadOnlyDictionary<string, string>, bool> remove)
    {
        try
        {
            var target = ResolveLinks(Path);
            // A FIFO would block the read forever: refused without being opened, as a write refuses it.
            RefuseUnlessRegularFile(target);
            if (!File.Exists(target)) return [];
            List<string> removed = [], kept = [];
            EditExisting(target,
                document =>
                {
                    var before = document.ProfileNames();
                    removed = before.Distinct(StringComparer.Ordinal).Where(p => remove(p, document.ReadProfile(p)!)).ToList();
                    if (removed.Count == 0) return false;
                    kept = before.Where(p => !removed.Contains(p, StringComparer.Ordinal)).ToList();
                    foreach (var profile in removed) document.RemoveProfile(profile);
                    return true;
                },
                reread => reread.ProfileNames().SequenceEqual(kept, StringComparer.Ordinal));
            return removed;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot write: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// clear-cache --credentials-file: removes the temporary credentials of the profiles <paramref name="selected"/>
    /// picks, in one locked read-modify-write and one rename. A profile of nothing but temporary credentials (what
    /// login writes) goes whole; one that also holds configuration (awscli_bastion's role profiles: role_arn,
    /// source_profile…) keeps it and loses only the credential keys (<see cref="TemporaryCredentialKeys"/>). Every other
    /// byte stays as it was.
    /// </summary>
    public (IReadOnlyList<string> Removed, IReadOnlyList<string> Stripped) RemoveTemporaryCredentials(Func<string, IReadOnlyDictionary<string, string>, bool> selected)
    {
        try
        {
            var target = ResolveLinks(Path);
            if (!File.Exists(target)) return ([], []);
            List<string> removed = [], stripped = [], kept = [];
            EditExisting(target,
                document =>
                {
                    var before = document.ProfileNames();
                    foreach (var profile in before.Distinct(StringComparer.Ordinal))
                    {
                        var values = document.ReadProfile(profile)!;
                        if (!selected(profile, values) || !TemporaryCredentialKeys.Holds(values)) continue;
                        (TemporaryCredentialKeys.OnlyThese(values) ? removed : stripped).Add(profile);
                    }
                    if (removed.Count + stripped.Count == 0) return false;
                    kept = before.Where(p => !removed.Contains(p, StringComparer.Ordinal)).ToList();
                    foreach (var profile in removed) document.RemoveProfile(profile);
                    foreach (var profile in stripped) document.RemoveKeys(profile, TemporaryCredentialKeys.Keys);
                    return true;
                },
                reread => reread.ProfileNames().SequenceEqual(kept, StringComparer.Ordinal)
                          && stripped.All(p => reread.ReadProfile(p) is { } v && !TemporaryCredentialKeys.Keys.Any(v.ContainsKey)));
            return (removed, stripped);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot write: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// Deletes these keys from [profile] (and the profile when nothing else is left in it) in one locked
    /// read-modify-write and one rename; every other byte stays as it was.
    /// </summary>
    /// <returns>Whether anything was deleted.</returns>
    public bool RemoveKeys(string profile, IReadOnlyCollection<string> keys)
    {
        try
        {
            var target = ResolveLinks(Path);
            if (!File.Exists(target)) return false;
            RefuseUnlessWritableRegularFile(target);
            IReadOnlyList<string> before = [];
            return EditExisting(target,
                document =>
                {
                    before = document.ProfileNames();
                    return document.RemoveKeys(profile, keys);
                },
                reread =>
                {
                    var remaining = reread.ReadProfile(profile);
                    return reread.ProfileNames().SequenceEqual(before.Where(p => p != profile || remaining is not null), StringComparer.Ordinal)
                        && !(remaining is not null && keys.Any(remaining.ContainsKey));
                });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot write: {OneLine(ex.Message)}");
        }
    }

    /// <summary>
    /// One locked read-modify-write of the existing file at <paramref name="target"/> and one rename, every byte the
    /// edit does not touch kept. <paramref name="edit"/> changes the document, false when there is nothing to change
    /// (the file is left alone); <paramref name="intended"/> checks the edited bytes, re-read, before they replace it.
    /// </summary>
    /// <returns>Whether the file was replaced.</returns>
    private bool EditExisting(string target, Func<CredentialsFileDocument, bool> edit, Func<CredentialsFileDocument, bool> intended)
    {
        // Every edit of an existing file reads it first: a FIFO would block that read forever.
        RefuseUnlessRegularFile(target);
        using var held = FileLock.TryAcquire(target + ".lock", lockTimeout)
            ?? throw new CredentialsFileException(
                $"{Path} is locked by another process (lock file {target}.lock held for over {lockTimeout.TotalSeconds:0.#} s); try again");
        AtomicFile.RemoveAbandonedTemporaries(target);
        var document = CredentialsFileDocument.Parse(ReadBounded(target), Path);
        if (!edit(document)) return false;
        var content = document.ToBytes();
        if (!intended(CredentialsFileDocument.Parse(content, Path)))
            throw new InvalidOperationException($"Internal error: editing {Path} would not give the intended result; the file was left as it was.");
        AtomicFile.Replace(target, content, OwnerOnlyFile, keepExistingMode: true);
        return true;
    }

    /// <summary>The profile's keys (case-insensitive, as botocore reads them) and values; null if the file or profile is absent.</summary>
    public IReadOnlyDictionary<string, string>? ReadProfile(string profile) => Load()?.ReadProfile(profile);

    /// <summary>Profile names in file order; empty if the file is absent.</summary>
    public IReadOnlyList<string> ProfileNames() => Load()?.ProfileNames() ?? [];

    /// <summary>Readers take no lock: writers replace the file by rename, so a whole-file read sees one version.</summary>
    private CredentialsFileDocument? Load()
    {
        RefuseUnlessRegularFile(Path);
        byte[] bytes;
        try
        {
            bytes = ReadBounded(Path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CredentialsFileException($"{Path}: cannot read: {OneLine(ex.Message)}");
        }

        return CredentialsFileDocument.Parse(bytes, Path);
    }

    /// <summary>A guard against this class's own bugs: the edited text must parse, read back the values written,
    /// and keep every other profile.</summary>
    private void VerifyEdit(byte[] content, IReadOnlyList<KeyValuePair<string, IReadOnlyList<KeyValuePair<string, string>>>> profiles, IReadOnlyList<string> profilesBefore)
    {
        var reread = CredentialsFileDocument.Parse(content, Path);
        var lost = profilesBefore.Except(reread.ProfileNames(), StringComparer.Ordinal).Any();
        foreach (var (profile, values) in profiles)
        {
            var written = reread.ReadProfile(profile);
            if (written is null || lost || values.Any(v => !written.TryGetValue(v.Key, out var read) || read != v.Value.Trim()))
            {
                throw new InvalidOperationException($"Internal error: editing {Path} would not give the intended result; the file was left as it was.");
            }
        }
    }

    /// <summary>
    /// A FIFO, socket or device where the file should be is refused before it is opened: opening a FIFO blocks until
    /// someone writes to it (a hang), and a device may answer with endless bytes. Missing is fine (it will be created).
    /// </summary>
    private void RefuseUnlessRegularFile(string path)
    {
        if (Files.PathStatus.Of(path, followLinks: true) is { Kind: not (Files.PathKind.RegularFile or Files.PathKind.Missing) })
        {
            throw new CredentialsFileException($"{Path} is {Files.PathStatus.Describe(ResolveLinks(path))}, not a regular file: refusing to open it; remove it or point -f / AWS_SHARED_CREDENTIALS_FILE at a file");
        }
    }

    /// <summary>
    /// A credentials file its owner made read-only (0400/0444) is left alone, as the AWS CLI and OneLogin's tool leave
    /// it (their open() fails): replacing it by rename would succeed in a writable directory, or always as root, and
    /// silently undo the user's choice.
    /// </summary>
    private void RefuseUnlessWritableRegularFile(string target)
    {
        RefuseUnlessRegularFile(target);
        if (Files.PathStatus.Of(target, followLinks: true) is { Kind: Files.PathKind.RegularFile } status
            && (status.Mode & UnixFileMode.UserWrite) == 0)
        {
            var mode = Convert.ToString((int)status.Mode, 8).PadLeft(4, '0');
            throw new CredentialsFileException($"{Path} is read-only (mode {mode}): not replacing it; make it writable (chmod u+w) or write elsewhere with -f / AWS_SHARED_CREDENTIALS_FILE");
        }
    }

    private static string ResolveLinks(string path)
    {
        if (new FileInfo(path).LinkTarget is null)
        {
            return path;
        }

        return File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
    }

    private void ValidateProfileName(string profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var problem =
            profile.Length == 0 ? "it is empty"
            : profile.Contains(']') ? "it contains \"]\""
            : profile.AsSpan().ContainsAny('\r', '\n') ? "it contains a line break"
            : profile.Trim() != profile ? "it starts or ends with a space"
            : profile.StartsWith('#') || profile.StartsWith(';') ? "it starts with a comment character"
            : null;
        if (problem is not null)
        {
            throw new CredentialsFileException($"{Path}: cannot use profile name [{profile.ReplaceLineEndings(" ")}]: {problem}");
        }
    }

    private static void ValidateValues(IReadOnlyList<KeyValuePair<string, string>> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in values)
        {
            if (string.IsNullOrEmpty(key) || key.Trim() != key || key.AsSpan().ContainsAny("=:\r\n") || key[0] is '#' or ';' or '[')
            {
                throw new ArgumentException($"'{key}' cannot be a key in the credentials file.", nameof(values));
            }

            if (!seen.Add(key))
            {
                throw new ArgumentException($"Key '{key}' is given twice.", nameof(values));
            }

            ArgumentNullException.ThrowIfNull(value, nameof(values));
            if (value.AsSpan().ContainsAny('\r', '\n'))
            {
                // The value is a secret: name the key only.
                throw new ArgumentException($"The value for '{key}' contains a line break.", nameof(values));
            }
        }
    }

    /// <summary>Like Python's os.path.expandvars: $NAME and ${NAME}; unknown variables stay as written.</summary>
    private static string ExpandVariables(string path, Func<string, string?> getEnvironmentVariable) =>
        VariableReference().Replace(path, match =>
        {
            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["bare"].Value;
            return getEnvironmentVariable(name) ?? match.Value;
        });

    [GeneratedRegex(@"\$(?:(?<bare>\w+)|\{(?<braced>[^}]*)\})")]
    private static partial Regex VariableReference();

    /// <summary>The whole file, unless it is over 10 MB: no credentials file is, so that is refused before it is read.</summary>
    private static byte[] ReadBounded(string path) =>
        Files.BoundedFile.ReadAllBytes(path, p => new CredentialsFileException(
            $"{p} is over {Files.BoundedFile.MaxBytes / (1024 * 1024)} MB, more than any credentials file needs: samlassume neither reads nor rewrites it; check what wrote it, or use --file/AWS_SHARED_CREDENTIALS_FILE for another file"));

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
