using System.Globalization;
using System.Text.Json.Serialization;
using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Commands;

/// <summary>What <c>samlassume assertion inspect</c> prints, as text or (<c>--json</c>) as JSON.</summary>
public sealed record AssertionReport(
    string Issuer,
    string? Subject,
    string? Status,
    DateTimeOffset? NotBefore,
    DateTimeOffset? NotOnOrAfter,
    long? SecondsLeft,
    IReadOnlyList<string> Audiences,
    string? Recipient,
    IReadOnlyList<AssertionRoleReport> Roles,
    string? SessionName,
    int? SessionDuration,
    DateTimeOffset? SessionNotOnOrAfter,
    AssertionSignatureReport Signature,
    AssertionVerificationReport Verification)
{
    public static AssertionReport Of(SamlResponseInspection inspection, AccountAliases aliases, DateTimeOffset now, AssertionVerificationReport verification)
    {
        var a = inspection.Assertion;
        var s = inspection.Signature;
        return new AssertionReport(a.Issuer, a.Subject, inspection.StatusCode, a.NotBefore, a.NotOnOrAfter,
            a.NotOnOrAfter is { } end ? (long)Math.Floor((end - now).TotalSeconds) : null,
            a.Audiences, a.Recipient,
            a.Roles.Select(r => new AssertionRoleReport(r.AccountId, aliases.For(r.AccountId), r.RoleName, r.RoleArn, r.PrincipalArn)).ToList(),
            a.RoleSessionName, a.SessionDuration, a.SessionNotOnOrAfter,
            new AssertionSignatureReport(s.SignedElement, s.SignatureAlgorithm is null ? null : SignatureAlgorithms.ShortName(s.SignatureAlgorithm),
                s.DigestAlgorithm is null ? null : SignatureAlgorithms.ShortName(s.DigestAlgorithm), s.KeyInfoSubject, s.KeyInfoSha256),
            verification);
    }

    public void WriteText(TextWriter output)
    {
        void Line(string label, string? value) => output.WriteLine($"{label + ":",-18} {value ?? "(none)"}");
        Line("Issuer", Issuer);
        Line("Subject", Subject);
        Line("Status", Status?[(Status.LastIndexOf(':') + 1)..]);
        Line("Valid", $"{Instant(NotBefore)} to {Instant(NotOnOrAfter)}{(SecondsLeft is { } left ? left > 0 ? $" (expires in {Span(left)})" : $" (expired {Span(-left)} ago)" : "")}");
        Line("Audience", Audiences.Count == 0 ? null : string.Join(", ", Audiences));
        Line("Recipient", Recipient);
        Line("Session name", SessionName);
        Line("Session duration", SessionDuration is { } d ? $"{d} s" : "(none; the requested duration applies)");
        if (SessionNotOnOrAfter is not null) Line("Session ends", Instant(SessionNotOnOrAfter));
        Line("Signature", Signature.SignedElement is null ? "none"
            : $"{Signature.Algorithm}/{Signature.Digest} over the {Signature.SignedElement}; KeyInfo certificate {Signature.CertificateSha256 ?? "(none)"}{(Signature.CertificateSubject is null ? "" : $" ({Signature.CertificateSubject})")}");
        Line("Verification", Verification.Result switch
        {
            "verified" => $"verified with the {Verification.Key}",
            "failed" => $"FAILED ({Verification.Rule}): {Verification.Reason}",
            _ => $"signature not checked: {Verification.Reason}",
        });
        output.WriteLine($"Roles ({Roles.Count}):");
        var aliasWidth = Math.Max(5, Roles.Select(r => (r.Alias ?? "-").Length).DefaultIfEmpty(0).Max());
        var nameWidth = Math.Max(4, Roles.Select(r => r.RoleName.Length).DefaultIfEmpty(0).Max());
        foreach (var role in Roles)
            output.WriteLine($"  {role.AccountId,-12}  {(role.Alias ?? "-").PadRight(aliasWidth)}  {role.RoleName.PadRight(nameWidth)}  {role.RoleArn}");
    }

    private static string Instant(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "(unbounded)";

    private static string Span(long seconds) =>
        seconds >= 86400 ? $"{seconds / 86400} d {seconds % 86400 / 3600} h"
        : seconds >= 3600 ? $"{seconds / 3600} h {seconds % 3600 / 60} min"
        : seconds >= 60 ? $"{seconds / 60} min {seconds % 60} s"
        : $"{seconds} s";
}

public sealed record AssertionRoleReport(string AccountId, string? Alias, string RoleName, string RoleArn, string PrincipalArn);

public sealed record AssertionSignatureReport(string? SignedElement, string? Algorithm, string? Digest, string? CertificateSubject, string? CertificateSha256);

/// <param name="Result">verified, failed or not-checked.</param>
/// <param name="Rule">The <see cref="SamlTrustRule"/> name that failed.</param>
/// <param name="Key">What the signature was verified with.</param>
public sealed record AssertionVerificationReport(string Result, string? Rule, string? Reason, string? Key);

[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(AssertionReport))]
internal sealed partial class AssertionJsonContext : JsonSerializerContext;
