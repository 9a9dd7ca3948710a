namespace SamlAssume.Sandbox.Tests;

/// <summary>A fact that reports itself skipped, with the reason, on machines without the AWS CLI v2.</summary>
public sealed class AwsCliFactAttribute : FactAttribute
{
    public const string CliPath = "/usr/bin/aws";

    public AwsCliFactAttribute()
    {
        if (!File.Exists(CliPath)) Skip = $"{CliPath} (AWS CLI v2) is not installed here";
    }
}
