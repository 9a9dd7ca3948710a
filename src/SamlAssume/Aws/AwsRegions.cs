using Amazon;

namespace SamlAssume.Aws;

/// <summary>The AWS regions the SDK knows: for completing <c>--aws-region</c> and catching a typo (<c>eu-wst-1</c>) before it is written.</summary>
public static class AwsRegions
{
    public static IReadOnlyList<string> All { get; } = RegionEndpoint.EnumerableAllRegions.Select(r => r.SystemName).Order(StringComparer.Ordinal).ToArray();

    public static bool IsKnown(string name) => All.Contains(name, StringComparer.Ordinal);

    /// <summary>
    /// The error for a region the SDK does not know, or null. A region newer than this build must still work, so a
    /// name of the region's shape whose area is known (<c>eu-west-9</c>) passes; a mistyped area (<c>eu-wst-1</c>) does not.
    /// </summary>
    public static string? Problem(string name, string what)
    {
        if (IsKnown(name)) return null;
        var shape = System.Text.RegularExpressions.Regex.Match(name, @"^([a-z]{2}(?:-[a-z]+)+)-\d+$");
        if (shape.Success && All.Any(r => r.StartsWith(shape.Groups[1].Value + "-", StringComparison.Ordinal))) return null;
        return Configuration.NearestName.Among(name, All) is { } near
            ? $"{what} \"{name}\" is not an AWS region; did you mean {near}?"
            : $"{what} \"{name}\" is not an AWS region (e.g. us-east-1, eu-west-1)";
    }
}
