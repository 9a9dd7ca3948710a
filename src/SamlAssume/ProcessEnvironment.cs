using System.Collections;

namespace SamlAssume;

/// <summary>An immutable view of environment variables, so a test or the demo can give a command its own.</summary>
public sealed class ProcessEnvironment(IReadOnlyDictionary<string, string?> variables)
{
    public string? this[string name] => variables.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

    public IReadOnlyDictionary<string, string?> Variables => variables;

    public static ProcessEnvironment FromProcess()
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in System.Environment.GetEnvironmentVariables())
        {
            copy[(string)entry.Key] = entry.Value as string;
        }
        return new ProcessEnvironment(copy);
    }

    public static ProcessEnvironment Of(IReadOnlyDictionary<string, string?> variables) => new(variables);

    /// <summary>A copy with these variables set (a null value removes one).</summary>
    public ProcessEnvironment With(IReadOnlyDictionary<string, string?> overrides)
    {
        var copy = new Dictionary<string, string?>(variables, StringComparer.Ordinal);
        foreach (var (name, value) in overrides)
        {
            if (value is null) copy.Remove(name); else copy[name] = value;
        }
        return new ProcessEnvironment(copy);
    }
}
