using SamlAssume.Cli;
using SamlAssume.Configuration;

namespace SamlAssume.Tests.Configuration;

/// <summary>The sample files the README points at are valid, and files written for the Python tool read unchanged.</summary>
public sealed class ConfigurationTests
{
    private static string RepoFile(params string[] parts)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SamlAssume.sln"))) directory = directory.Parent;
        Assert.NotNull(directory);
        return Path.Combine([directory.FullName, .. parts]);
    }

    [Fact]
    public void Sample_files_load()
    {
        var sdk = OneLoginSdkConfig.Load(RepoFile("samples", "onelogin.sdk.json"));
        Assert.Equal("us", sdk.Region);
        Assert.Null(sdk.Ip); // "" means unset, as in the Python tool's template

        var aws = AwsLoginConfig.Load(RepoFile("samples", "onelogin.aws.json"));
        Assert.Equal("123456", aws.Global.AppId);
        Assert.Null(aws.DefaultProfile);
        var prod = aws.For("prod-readonly");
        Assert.Equal(("111111111111", "ReadOnly", "us-east-1", "mycompany"), (prod.AwsAccountId, prod.AwsRoleName, prod.AwsRegion, prod.Subdomain));
        Assert.Equal("eu-west-1", aws.For("staging-admin").AwsRegion); // from the globals

        var aliases = AccountAliases.Load(RepoFile("samples", "accounts.yaml"));
        Assert.Equal("Production", aliases.For("111111111111"));
    }

    [Fact]
    public void Python_tool_template_with_empty_strings_reads_as_unset()
    {
        var directory = Directory.CreateTempSubdirectory("samlassume-config-").FullName;
        try
        {
            var path = Path.Combine(directory, "onelogin.aws.json");
            File.WriteAllText(path, """
                {
                    "app_id": "", "subdomain": "", "username": "", "profile": "", "duration": "",
                    "aws_region": "", "aws_account_id": "", "aws_role_name": "",
                    "profiles": { "profile-1": { "aws_account_id": "", "aws_role_name": "", "aws_region": "" } }
                }
                """);
            var config = AwsLoginConfig.Load(path);
            Assert.Null(config.Global.AppId);
            Assert.Null(config.Global.Duration);
            Assert.Null(config.DefaultProfile);
            Assert.Null(config.For("profile-1").AwsRegion);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }

    [Theory]
    [InlineData("{\"profiles\": []}", "\"profiles\" must be an object")]
    [InlineData("{\"duration\": \"an hour\"}", "\"duration\" must be a whole number")]
    [InlineData("[1, 2]", "expected a JSON object")]
    [InlineData("{\"app_id\": {\"x\": 1}}", "\"app_id\" must be a string or a number")]
    public void Wrong_shapes_name_the_file_and_the_key(string json, string expected)
    {
        var directory = Directory.CreateTempSubdirectory("samlassume-config-").FullName;
        try
        {
            var path = Path.Combine(directory, "onelogin.aws.json");
            File.WriteAllText(path, json);
            var failure = Assert.Throws<InvalidInput>(() => AwsLoginConfig.Load(path));
            Assert.Equal(ExitCodes.Usage, FailureReporter.Classify(failure).ExitCode);
            Assert.StartsWith(path + ":", failure.Message);
            Assert.Contains(expected, failure.Message);
        }
        finally
        {
            Directory.Delete(directory, true);
        }
    }
}
