namespace SamlAssume;

/// <summary>
/// A diagnostic for the startup budget: with <c>SAMLASSUME_REPORT_ASSEMBLIES=/some/file</c>, the process writes the
/// names of the assemblies it loaded, one a line, to that file when it ends. Tests use it to prove the cached
/// credential_process answer loads no AWS SDK, Spectre.Console, HTTP stack or command-line parser. Names only:
/// nothing of the command, its arguments or its output is written.
/// </summary>
public static class LoadedAssemblyReport
{
    public const string Variable = "SAMLASSUME_REPORT_ASSEMBLIES";

    public static void WriteIfAsked(string? path)
    {
        if (string.IsNullOrEmpty(path)) return;
        var names = new List<string>();
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            // A satellite assembly's name carries its culture ("cs"), which the NativeAOT binary (invariant
            // globalization) cannot build (CultureNotFoundException, exit 134): it is skipped, as resources.
            try
            {
                if (assembly.GetName().Name is { } name) names.Add(name);
            }
            catch (System.Globalization.CultureNotFoundException)
            {
            }
        }
        names.Sort(StringComparer.Ordinal);
        File.WriteAllLines(path, names);
    }
}
