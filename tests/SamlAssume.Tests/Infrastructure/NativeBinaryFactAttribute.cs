namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A test of the NativeAOT executable itself, named by SAMLASSUME_BINARY (.ci/run publishes it with
/// <c>dotnet publish src/SamlAssume -c Release -r linux-x64</c> and runs these); skipped with that reason otherwise.
/// </summary>
public sealed class NativeBinaryFactAttribute : FactAttribute
{
    public const string Variable = "SAMLASSUME_BINARY";

    /// <param name="awsCli">The test also needs the real AWS CLI (<see cref="AwsCliFactAttribute"/>).</param>
    public NativeBinaryFactAttribute(bool awsCli = false)
    {
        var path = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(path)) Skip = $"{Variable} does not name a native samlassume (.ci/run publishes one and sets it)";
        else if (!File.Exists(path)) Skip = $"{Variable}={path} does not exist";
        else if (awsCli && !File.Exists(AwsCliFactAttribute.Path)) Skip = $"the AWS CLI v2 is not installed at {AwsCliFactAttribute.Path} (apt-get install awscli; .ci/run does)";
    }
}
