using System.Text;
using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.Aws;

/// <summary>A real login into a credentials file full of other people's things leaves them exactly as they were.</summary>
public sealed class CredentialsFileLoginTests
{
    [Theory]
    [InlineData("\n", false)]
    [InlineData("\r\n", true)]
    public async Task Only_the_written_section_changes(string newline, bool bom)
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var before = new StringBuilder();
        before.Append("# my long-lived keys: do not lose them").Append(newline).Append(newline);
        for (var i = 0; i < 20; i++)
        {
            before.Append($"[other-{i:00}]").Append(newline)
                .Append($"aws_access_key_id = AKIAOTHER{i:00}XXXXXXX").Append(newline)
                .Append($"aws_secret_access_key=secret{i}").Append(newline)
                .Append("; a comment inside a profile").Append(newline)
                .Append($"custom_key   =   value {i}").Append(newline).Append(newline);
        }
        var head = before.ToString();
        const string tail = "[zz-last]\naws_access_key_id = AKIALAST\n# trailing comment";
        var tailText = tail.Replace("\n", newline);
        var original = (bom ? "\uFEFF" : "") + head + "[target]" + newline + "aws_access_key_id = OLD" + newline + "aws_session_token = OLD" + newline + "keep_me = yes" + newline + newline + tailText;
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        File.WriteAllBytes(ws.CredentialsPath, new UTF8Encoding(false).GetBytes(original));

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "target", "--aws-region", "us-east-1"));

        Assert.True(result.ExitCode == 0, result.ToString());
        var after = new UTF8Encoding(false).GetString(File.ReadAllBytes(ws.CredentialsPath));
        var prefix = (bom ? "\uFEFF" : "") + head + "[target]" + newline;
        Assert.StartsWith(prefix, after);
        Assert.EndsWith(newline + newline + tailText, after);
        var section = after[prefix.Length..^(newline.Length + tailText.Length)];
        Assert.Contains("keep_me = yes" + newline, section);
        Assert.DoesNotContain("OLD", section);
        if (newline == "\r\n") Assert.DoesNotMatch("[^\r]\n", section);
        var profile = new CredentialsFile(ws.CredentialsPath).ReadProfile("target")!;
        Assert.StartsWith("ASIA", profile["aws_access_key_id"]);
        Assert.Equal("yes", profile["keep_me"]);
    }

    [Fact]
    public async Task A_file_with_a_duplicate_profile_is_refused_and_left_alone()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        Directory.CreateDirectory(Path.GetDirectoryName(ws.CredentialsPath)!);
        const string broken = "[a]\nx = 1\n[a]\nx = 2\n";
        File.WriteAllText(ws.CredentialsPath, broken);

        var result = await ws.RunAsync(ws.LoginArgs("solo@example.com", "solo-password", "-p", "a"));

        Assert.Equal(ExitCodes.CredentialsFile, result.ExitCode);
        Assert.Contains("line 3", result.Stderr);
        Assert.Equal(broken, File.ReadAllText(ws.CredentialsPath));
    }

    [Fact]
    public async Task File_flag_beats_the_environment_variable()
    {
        await using var ws = await TestWorkspace.StartAsync();
        ws.WithSdkConfig();
        var fromEnv = Path.Combine(ws.Root, "env-credentials");
        var fromFlag = Path.Combine(ws.Root, "flag-credentials");

        var viaEnv = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "e"),
            environment: new Dictionary<string, string?> { ["AWS_SHARED_CREDENTIALS_FILE"] = fromEnv });
        var viaFlag = await CliRun.RunAsync(ws, ws.LoginArgs("solo@example.com", "solo-password", "-p", "f", "-f", fromFlag),
            environment: new Dictionary<string, string?> { ["AWS_SHARED_CREDENTIALS_FILE"] = fromEnv });

        Assert.True(viaEnv.ExitCode == 0, viaEnv.ToString());
        Assert.True(viaFlag.ExitCode == 0, viaFlag.ToString());
        Assert.NotNull(new CredentialsFile(fromEnv).ReadProfile("e"));
        Assert.Null(new CredentialsFile(fromEnv).ReadProfile("f"));
        Assert.NotNull(new CredentialsFile(fromFlag).ReadProfile("f"));
        Assert.False(File.Exists(ws.CredentialsPath));
    }
}
