namespace SamlAssume.Aws.Sessions;

/// <summary>
/// A read-only view of an AWS shared file: profile name → keys (lower-cased) → values. The config file names
/// profiles <c>[profile NAME]</c> (and <c>[default]</c>); other config sections (<c>[sso-session x]</c>, <c>[services x]</c>)
/// are skipped. Indented lines continue a nested block (<c>s3 =</c>) and are skipped, as botocore does.
/// Bounded (<see cref="SharedFileLimits"/>): a line too long, a control character or a section twice is a
/// <see cref="SharedFileException"/> naming the file and line.
/// </summary>
internal static class IniSections
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ReadFile(string path, bool configFile)
    {
        var variable = configFile ? SharedConfigFiles.ConfigFileVariable : SharedConfigFiles.CredentialsFileVariable;
        return SharedFileLimits.ReadText(path, variable) is { } text
            ? Parse(text, configFile, path)
            : new Dictionary<string, IReadOnlyDictionary<string, string>>();
    }

    /// <param name="path">The file the text came from, for messages.</param>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parse(string text, bool configFile, string path)
    {
        var profiles = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var sectionLines = new Dictionary<string, int>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        // The keys of the section being read and their lines: configparser's strict mode refuses a key twice in one
        // section (DuplicateOptionError, keys compared lower-cased), and botocore with it.
        var keyLines = new Dictionary<string, int>(StringComparer.Ordinal);
        string? section = null;
        var number = 0;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            number++;
            if (raw.Length > SharedFileLimits.MaxLineChars)
                throw new SharedFileException(path, $"{path} line {number} is longer than {SharedFileLimits.MaxLineChars} characters, more than any AWS setting needs; fix or remove that line");
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            // A NUL or escape in a value would be sent on (to STS, into a file name, onto a terminal) as it is.
            if (ControlCharacter(trimmed) is { } control)
                throw new SharedFileException(path, $"{path} line {number} holds a control character (U+{(int)control:X4}), which no AWS setting does; fix that line");
            if (trimmed[0] == '[')
            {
                var end = trimmed.IndexOf(']');
                var name = (end < 0 ? trimmed[1..] : trimmed[1..end]).Trim();
                // botocore reads the file with Python's RawConfigParser, strict by default: a section twice raises
                // DuplicateSectionError, which botocore.configloader.raw_config_parse turns into ConfigParseError
                // ("Unable to parse config file") — every AWS CLI call fails. So does this reader, instead of merging.
                if (sectionLines.TryGetValue(name, out var first))
                    throw new SharedFileException(path, $"{path} line {number}: section [{name}] appears twice (first at line {first}), which the AWS CLI refuses too; merge the two into one");
                sectionLines[name] = number;
                section = name;
                keyLines.Clear();
                var profile = ProfileName(name, configFile);
                if (profile is null)
                {
                    current = null;
                    continue;
                }
                // [profile x] beside [profile  x] (or [default] beside [profile default]): distinct sections to
                // configparser, one profile to botocore's profile map; they merge, later keys winning.
                if (profiles.TryGetValue(profile, out var existing)) current = (Dictionary<string, string>)existing;
                else profiles[profile] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            if (current is null || line[0] is ' ' or '\t') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            var key = line[..eq].Trim().ToLowerInvariant();
            if (keyLines.TryGetValue(key, out var firstKey))
                throw new SharedFileException(path, $"{path} line {number}: {key} appears twice in section [{section}] (first at line {firstKey}), which the AWS CLI refuses too; keep one");
            keyLines[key] = number;
            current[key] = line[(eq + 1)..].Trim();
        }
        return profiles;
    }

    /// <summary>The first control character other than a tab, or null.</summary>
    private static char? ControlCharacter(string line)
    {
        foreach (var c in line)
            if (char.IsControl(c) && c != '\t') return c;
        return null;
    }

    private static string? ProfileName(string section, bool configFile)
    {
        if (!configFile) return section;
        if (section == "default") return section;
        var parts = section.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0] == "profile" ? parts[1].Trim() : null;
    }
}
