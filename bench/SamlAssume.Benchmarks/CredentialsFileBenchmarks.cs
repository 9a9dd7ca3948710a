using System.Text;
using BenchmarkDotNet.Attributes;
using SamlAssume.Aws;

namespace SamlAssume.Benchmarks;

/// <summary>
/// Editing ~/.aws/credentials: one profile updated in a file of 200 (comments and other tools' keys included), as
/// every login does. <see cref="EditInMemory"/> is the parse–set–serialise the write is built from;
/// <see cref="WriteProfile"/> is the whole locked, verified, atomic replacement on disk (tmpfs or disk, as the
/// machine has it under /tmp).
/// </summary>
[MemoryDiagnoser]
public class CredentialsFileBenchmarks
{
    private const int Profiles = 200;
    private byte[] original = [];
    private string directory = "";
    private CredentialsFile file = null!;
    private int round;

    private static IReadOnlyList<KeyValuePair<string, string>> Values(int round) =>
    [
        new("aws_access_key_id", $"ASIAEXAMPLE{round:D9}"),
        new("aws_secret_access_key", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"),
        new("aws_session_token", Convert.ToBase64String(new byte[600])),
        new("aws_security_token", Convert.ToBase64String(new byte[600])),
        new("region", "eu-west-1"),
        new("x_principal_arn", "arn:aws:sts::111111111111:assumed-role/ReadOnly/jane@example.com"),
        new("x_security_token_expires", "2030-01-01T00:00:00Z"),
    ];

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder("# managed by hand and by samlassume\n");
        for (var i = 0; i < Profiles; i++)
        {
            text.Append($"[profile-{i:D3}]\n");
            foreach (var (key, value) in Values(i)) text.Append(key).Append(" = ").Append(value).Append('\n');
            if (i % 10 == 0) text.Append("; a comment another tool keeps\nmfa_serial = arn:aws:iam::111111111111:mfa/jane\n");
            text.Append('\n');
        }
        original = Encoding.UTF8.GetBytes(text.ToString());
        directory = Directory.CreateTempSubdirectory("samlassume-bench-credentials-").FullName;
        file = new CredentialsFile(Path.Combine(directory, "credentials"));
        File.WriteAllBytes(file.Path, original);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(directory, recursive: true);

    [Benchmark]
    public int EditInMemory()
    {
        var document = CredentialsFileDocument.Parse(original, "credentials");
        document.SetProfile("profile-100", Values(++round));
        return document.ToBytes().Length;
    }

    [Benchmark]
    public void WriteProfile() => file.WriteProfile("profile-100", Values(++round));
}
