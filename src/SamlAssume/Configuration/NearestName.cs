namespace SamlAssume.Configuration;

/// <summary>
/// "Did you mean": the known name a mistyped one is closest to, if it is a near miss — at most two edits away
/// (<c>aws_regoin</c>), or one name inside the other (<c>role_name</c> for <c>aws_role_name</c>) — else null.
/// </summary>
public static class NearestName
{
    public static string? Among(string name, IEnumerable<string> known)
    {
        var lower = name.ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(lower, candidate.ToLowerInvariant());
            var contained = Math.Min(lower.Length, candidate.Length) >= 4
                && (candidate.Contains(lower, StringComparison.OrdinalIgnoreCase) || lower.Contains(candidate, StringComparison.OrdinalIgnoreCase));
            if ((distance <= 2 || contained) && distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best;
    }

    /// <summary>Levenshtein distance with adjacent swaps counted as one edit (Damerau's "optimal string alignment").</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }
        return d[a.Length, b.Length];
    }
}
