using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.RegularExpressions;
using SamlAssume.IdP.Saml;

namespace SamlAssume.IdP.Tests.Saml;

/// <summary>
/// The NativeAOT samlassume as a verifier: <c>samlassume assertion inspect --idp-cert PEM -</c> in a child process.
/// The signature tests ask it too when SAMLASSUME_BINARY is set, so a trimmed-away algorithm or a transform that
/// AOT compilation cannot create fails the same attack test that proves the rule.
/// </summary>
public static partial class NativeVerifier
{
    public static string? Binary => NativeBinaryFactAttribute.Binary;

    /// <summary>The rule the binary refused <paramref name="xml"/> with (its name, e.g. <c>signature-invalid</c>), or null when it verified.</summary>
    public static string? RuleOf(byte[] xml, X509Certificate2 certificate, bool allowSha1 = false)
    {
        var directory = Directory.CreateTempSubdirectory("samlassume-native-verify-").FullName;
        try
        {
            var pem = Path.Combine(directory, "idp.pem");
            File.WriteAllText(pem, certificate.ExportCertificatePem());
            var start = new ProcessStartInfo(Binary!) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = directory };
            foreach (var a in new[] { "assertion", "inspect", "--idp-cert", pem }) start.ArgumentList.Add(a);
            if (allowSha1) start.ArgumentList.Add("--allow-sha1");
            start.ArgumentList.Add("-");
            start.Environment.Clear();
            start.Environment["HOME"] = directory;
            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardInput.Write(Encoding.UTF8.GetString(xml));
            process.StandardInput.Close();
            if (!process.WaitForExit(60_000)) throw new TimeoutException("samlassume assertion inspect did not finish in 60 s");
            var error = stderr.Result;
            if (process.ExitCode == 0) return null;
            var rule = RuleName().Match(error);
            Assert.True(process.ExitCode == 3 && rule.Success, $"samlassume assertion inspect: exit {process.ExitCode}\n{stdout.Result}\n{error}");
            return rule.Groups[1].Value;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// What the binary answers for a response the in-process verifier, its clock at <see cref="SignedSaml.Noon"/>,
    /// refused with <paramref name="rule"/>: the binary's clock is now, long after the template's validity window, so
    /// a rule checked before the window gives the same answer, and anything checked after it gives <c>expired</c>.
    /// </summary>
    public static string AtRealTime(SamlTrustRule rule) =>
        rule is SamlTrustRule.NotYetValid or SamlTrustRule.Expired or SamlTrustRule.Audience or SamlTrustRule.Recipient
            ? SamlTrustRule.Expired.Name()
            : rule.Name();

    /// <summary><see cref="SamlResponseXml"/>'s times moved to now, so a response made from it is valid for the binary.</summary>
    public static string Current(string xml)
    {
        var now = DateTimeOffset.UtcNow;
        string At(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return xml.Replace("2026-01-01T11:57:00Z", At(now.AddMinutes(-3))).Replace("2026-01-01T12:00:00Z", At(now))
            .Replace("2026-01-01T12:03:00Z", At(now.AddMinutes(3))).Replace("2026-01-02T12:00:00Z", At(now.AddDays(1)));
    }

    [GeneratedRegex(@"failed verification \(([a-z0-9-]+)\)")]
    private static partial Regex RuleName();
}
