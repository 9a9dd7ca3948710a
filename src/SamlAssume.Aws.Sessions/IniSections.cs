namespace SamlAssume.Aws.Sessions;

/// <summary>
/// A read-only view of an AWS shared file: profile name → keys (lower-cased) → values. The config file names
/// profiles <c>[profile NAME]</c> (and <c>[default]</c>); other config sections (<c>[sso-session x]</c>, <c>[services x]</c>)
/// are skipped. Indented lines continue a nested block (<c>s3 =</c>) and are skipped, as botocore does.
/// </summary>
internal static class IniSections
{
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ReadFile(string path, bool configFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new Dictionary<string, IReadOnlyDictionary<string, string>>();
        }
        return Parse(text, configFile);
    }

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Parse(string text, bool configFile)
    {
        var profiles = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        Dictionary<string, string>? current = null;
        foreach (var raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed[0] is '#' or ';') continue;
            if (trimmed[0] == '[')
            {
                var end = trimmed.IndexOf(']');
                var name = (end < 0 ? trimmed[1..] : trimmed[1..end]).Trim();
                var profile = ProfileName(name, configFile);
                if (profile is null)
                {
                    current = null;
                    continue;
                }
                // A profile that appears twice merges, later keys winning, as botocore's parser does.
                if (profiles.TryGetValue(profile, out var existing)) current = (Dictionary<string, string>)existing;
                else profiles[profile] = current = new Dictionary<string, string>(StringComparer.Ordinal);
                continue;
            }
            if (current is null || line[0] is ' ' or '\t') continue;
            var eq = line.IndexOf('=');
            if (eq <= 0) continue;
            current[line[..eq].Trim().ToLowerInvariant()] = line[(eq + 1)..].Trim();
        }
        return profiles;
    }

    private static string? ProfileName(string section, bool configFile)
    {
        if (!configFile) return section;
        if (section == "default") return section;
        var parts = section.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 && parts[0] == "profile" ? parts[1].Trim() : null;
    }
}
