using System.Diagnostics;
using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SamlAssume.Aws;

namespace SamlAssume.Tests.Properties;

/// <summary>
/// Any value, whatever quotes, backslashes, dollars, spaces or non-ASCII it holds, comes back unchanged through the
/// export formats: read by a real POSIX shell (`sh`, for `eval "$(samlassume env)"`) and by a JSON parser.
/// </summary>
public sealed class ExportFormatProperties
{
    /// <summary>Anything but NUL (no environment variable can hold one) and line breaks (no credential holds one).</summary>
    private static readonly Gen<string> Value =
        ArbMap.Default.GeneratorFor<string>()
            .Where(s => s is not null)
            .Select(s => new string(s.Where(c => c is not ('\0' or '\n' or '\r') && !char.IsSurrogate(c)).ToArray()));

    private static readonly Gen<TemporaryCredentials> Credentials =
        from id in Value
        from secret in Value
        from token in Gen.OneOf(Value, Gen.Constant("tok'en\"with`$(both)\\and \\' tricks"))
        select new TemporaryCredentials(id, secret, token, new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero), "arn:aws:sts::111111111111:assumed-role/R/s");

    [Property(MaxTest = 40)]
    public Property Sh_exports_read_back_exactly_in_a_real_shell() => Prop.ForAll(Credentials.ToArbitrary(), Value.ToArbitrary(), (credentials, region) =>
    {
        var script = ExportFormat.Format("sh", credentials, region)
            + "printf '%s\\0%s\\0%s\\0%s' \"$AWS_ACCESS_KEY_ID\" \"$AWS_SECRET_ACCESS_KEY\" \"$AWS_SESSION_TOKEN\" \"$AWS_REGION\"";
        var start = new ProcessStartInfo("/bin/sh") { RedirectStandardInput = true, RedirectStandardOutput = true, StandardOutputEncoding = new UTF8Encoding(false) };
        using var shell = Process.Start(start)!;
        shell.StandardInput.Write(script);
        shell.StandardInput.Close();
        var output = shell.StandardOutput.ReadToEnd();
        Assert.True(shell.WaitForExit(10_000));

        Assert.Equal([credentials.AccessKeyId, credentials.SecretAccessKey, credentials.SessionToken, region], output.Split('\0'));
    });

    [Property(MaxTest = 200)]
    public Property Json_exports_read_back_exactly() => Prop.ForAll(Credentials.ToArbitrary(), Value.ToArbitrary(), (credentials, region) =>
    {
        using var json = JsonDocument.Parse(ExportFormat.Format("json", credentials, region));
        var root = json.RootElement;

        Assert.Equal(credentials.AccessKeyId, root.GetProperty("AWS_ACCESS_KEY_ID").GetString());
        Assert.Equal(credentials.SecretAccessKey, root.GetProperty("AWS_SECRET_ACCESS_KEY").GetString());
        Assert.Equal(credentials.SessionToken, root.GetProperty("AWS_SESSION_TOKEN").GetString());
        Assert.Equal(region, root.GetProperty("AWS_REGION").GetString());
    });
}
