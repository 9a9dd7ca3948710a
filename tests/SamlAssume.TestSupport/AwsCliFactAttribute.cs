namespace SamlAssume.TestSupport;

/// <summary>
/// A test that needs the real AWS CLI v2 (Debian's awscli, /usr/bin/aws). .ci/run installs it; on a machine without
/// it the test is skipped with that reason instead of failing, so `dotnet test` passes on a fresh clone.
/// </summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public const string Path = "/usr/bin/aws";

    public AwsCliFactAttribute()
    {
        if (!File.Exists(Path)) Skip = $"the AWS CLI v2 is not installed at {Path} (apt-get install awscli; .ci/run does)";
    }
}
