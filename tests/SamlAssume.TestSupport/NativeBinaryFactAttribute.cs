namespace SamlAssume.TestSupport;

/// <summary>
/// A test of the NativeAOT executable itself, named by SAMLASSUME_BINARY (.ci/run publishes it with
/// <c>dotnet publish src/SamlAssume -c Release -r linux-x64</c> and runs these); skipped with that reason otherwise.
/// </summary>
public sealed class NativeBinaryFactAttribute : FactAttribute
{
    public const string Variable = "SAMLASSUME_BINARY";

    /// <summary>The native samlassume that <see cref="Variable"/> names, or null when it names none that exists.</summary>
    public static string? Binary => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } path && File.Exists(path) ? path : null;

    /// <param name="awsCli">The test also needs the real AWS CLI (<see cref="AwsCliFactAttribute"/>).</param>
    public NativeBinaryFactAttribute(bool awsCli = false)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path)) Skip = $"{Variable} does not name a native samlassume (.ci/run publishes one and sets it)";
        else if (!File.Exists(path)) Skip = $"{Variable}={path} does not exist";
        else if (awsCli && new AwsCliFactAttribute().Skip is { } noCli) Skip = noCli;
    }
}
