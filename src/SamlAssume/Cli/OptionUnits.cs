using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace SamlAssume.Cli;

/// <summary>
/// What a number option counts ("seconds", "minutes"), so a value that is not a number is reported as
/// <c>-z/--duration "abc" must be a number of seconds</c> instead of the parser's type name
/// (<c>System.Nullable`1[System.Int32]</c>). Options tag themselves where they are declared.
/// </summary>
public static class OptionUnits
{
    private static readonly ConditionalWeakTable<Option, string> Units = new();

    /// <summary>Tags <paramref name="option"/>: its bad values say "must be a number of <paramref name="unit"/>".</summary>
    public static Option<T> Counting<T>(this Option<T> option, string unit)
    {
        Units.AddOrUpdate(option, unit);
        return option;
    }

    /// <summary>The one line for a parse error, rewritten when it is a number option given something else.</summary>
    public static string Describe(ParseError error)
    {
        if (error.SymbolResult is not OptionResult { Option: var option } result
            || option.ValueType is var type && type != typeof(int) && type != typeof(int?))
            return error.Message;
        var bad = result.Tokens.Select(t => t.Value).FirstOrDefault(v => !int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _));
        if (bad is null) return error.Message;
        var names = string.Join("/", option.Aliases.Order(StringComparer.Ordinal).Append(option.Name));
        var what = Units.TryGetValue(option, out var unit) ? $"a number of {unit}" : "a whole number";
        return $"{names} \"{bad}\" must be {what}";
    }
}
