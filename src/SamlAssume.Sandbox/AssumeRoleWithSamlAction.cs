using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace SamlAssume.Sandbox;

/// <summary>
/// STS AssumeRoleWithSAML. Unsigned, as on AWS: the SAML assertion is the credential. Checks follow the AWS API
/// reference (docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRoleWithSAML.html): DurationSeconds 900–43200
/// and at most the role's MaxSessionDuration, SAMLAssertion 4–100000 chars, expiry capped by SessionNotOnOrAfter.
/// </summary>
internal static partial class AssumeRoleWithSamlAction
{
    private static readonly string[] AcceptedAudiences = ["urn:amazon:webservices", "https://signin.aws.amazon.com/saml"];

    [GeneratedRegex(@"^[\w+=,.@-]{2,64}$")]
    internal static partial Regex RoleSessionNamePattern();

    [GeneratedRegex(@"^arn:aws:iam::(\d{12}):saml-provider/([\w+=,.@-]+)$")]
    private static partial Regex ProviderArnPattern();

    [GeneratedRegex(@"^arn:aws:iam::(\d{12}):role/(?:[\w+=,.@-]+/)*([\w+=,.@-]+)$")]
    internal static partial Regex RoleArnPattern();

    public static string Handle(IReadOnlyDictionary<string, string> form, SandboxState state, string requestId, RequestRecord record)
    {
        string Required(string name) => form.TryGetValue(name, out var value) && value.Length > 0 ? value : throw new StsRejection(StsError.MissingParameter(name));
        var roleArn = Required("RoleArn");
        var principalArn = Required("PrincipalArn");
        var samlAssertion = Required("SAMLAssertion");
        record.Set("role_arn", roleArn);
        record.Set("principal_arn", principalArn);

        if (samlAssertion.Length is < 4 or > 100000)
            throw new StsRejection(StsError.Validation("1 validation error detected: Value at 'sAMLAssertion' failed to satisfy constraint: Member must have length between 4 and 100000"));
        int? requested = null;
        if (form.TryGetValue("DurationSeconds", out var durationText) && durationText.Length > 0)
        {
            record.Set("duration_seconds", durationText);
            if (!int.TryParse(durationText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var d))
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{durationText}' at 'durationSeconds' failed to satisfy constraint: Member must be an integer"));
            if (d < 900)
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900"));
            if (d > 43200)
                throw new StsRejection(StsError.Validation($"1 validation error detected: Value '{d}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"));
            requested = d;
        }

        var tenant = state.Tenant;
        var providerMatch = ProviderArnPattern().Match(principalArn);
        // A provider registered from an IdP's metadata (sandbox --saml-provider), or the tenant's own (OneLogin's).
        var registered = state.RegisteredProviders.GetValueOrDefault(principalArn);
        var account = providerMatch.Success ? tenant.FindAccount(providerMatch.Groups[1].Value) : null;
        if (registered is null && (account is null || account.SamlProvider != providerMatch.Groups[2].Value))
            throw new StsRejection(StsError.InvalidIdentityToken("Specified provider doesn't exist"));
        var accountId = registered?.AccountId ?? account!.AccountId;
        var providerName = providerMatch.Groups[2].Value;

        ReceivedAssertion assertion;
        if (registered is not null)
        {
            assertion = ReadSignedByAny(samlAssertion, registered.SigningCertificates);
            if (assertion.Issuer != registered.EntityId)
                throw new StsRejection(StsError.InvalidIdentityToken("Issuer not present in specified provider"));
        }
        else
        {
            assertion = SignedAssertionReader.Read(samlAssertion, state.Certificate);
            if (!tenant.Apps.Any(a => a.Issuer == assertion.Issuer))
                throw new StsRejection(StsError.InvalidIdentityToken("Issuer not present in specified provider"));
        }

        var now = state.Clock.GetUtcNow();
        if (assertion.NotBefore is { } notBefore && now < notBefore)
            throw new StsRejection(StsError.InvalidIdentityToken("Assertion is not yet valid (NotBefore is in the future)"));
        if (assertion.NotOnOrAfter is not { } notOnOrAfter || now >= notOnOrAfter)
            throw new StsRejection(StsError.ExpiredTokenException("Token must be redeemed within 5 minutes of issuance"));
        if (!assertion.Audiences.Any(a => AcceptedAudiences.Contains(a) || IsRegionalSignin(a)))
            throw new StsRejection(StsError.InvalidIdentityToken("Audience restriction of the assertion does not include urn:amazon:webservices"));

        // Peers emit Role values in either order; AWS accepts both.
        var granted = assertion.Roles.Any(value =>
        {
            var parts = value.Split(',', StringSplitOptions.TrimEntries);
            return parts.Length == 2 &&
                   ((parts[0] == roleArn && parts[1] == principalArn) || (parts[0] == principalArn && parts[1] == roleArn));
        });
        var roleMatch = RoleArnPattern().Match(roleArn);
        var role = roleMatch.Success && roleMatch.Groups[1].Value == accountId
            ? account?.Roles.FirstOrDefault(r => r.Name == roleMatch.Groups[2].Value)
              // A registered provider's account: a role the tenant does not list is taken to trust that provider, with
              // IAM's default MaxSessionDuration (1 h), as a role made for it with the console's SAML wizard would.
              ?? (registered is not null ? new SandboxRole { Name = roleMatch.Groups[2].Value } : null)
            : null;
        if (!granted || role is null || !role.TrustsSaml)
            throw new StsRejection(StsError.AccessDenied("Not authorized to perform sts:AssumeRoleWithSAML"));

        var sessionName = assertion.RoleSessionName;
        if (sessionName is null || !RoleSessionNamePattern().IsMatch(sessionName))
            throw new StsRejection(StsError.InvalidIdentityToken("RoleSessionName in AuthnResponse must match [a-zA-Z_0-9+=,.@-]{2,64}"));
        if (assertion.SessionDuration is { } sessionDuration &&
            (!int.TryParse(sessionDuration, NumberStyles.Integer, CultureInfo.InvariantCulture, out var sd) || sd is < 900 or > 43200))
            throw new StsRejection(StsError.InvalidIdentityToken("SessionDuration in AuthnResponse must be an integer between 900 and 43200"));

        var duration = requested ?? 3600;
        if (duration > role.MaxSessionDuration)
            throw new StsRejection(StsError.Validation("The requested DurationSeconds exceeds the MaxSessionDuration set for this role."));

        var expiration = now.AddSeconds(duration);
        if (assertion.SessionNotOnOrAfter is { } sessionEnd && sessionEnd < expiration) expiration = sessionEnd;
        // A test's expiry rewrite (SandboxFaults.CredentialLifetime): credentials with less left than asked for.
        if (state.Faults.CredentialLifetime is { } rewritten) expiration = now + rewritten;
        expiration = new DateTimeOffset(expiration.UtcTicks - expiration.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

        var assumedRoleId = $"{RoleId(roleArn)}:{sessionName}";
        var credential = new IssuedCredential(
            AccessKeyId: "ASIA" + RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16),
            SecretAccessKey: RandomText("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 40),
            SessionToken: "IQoJb3JpZ2luX2VjE" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(300)),
            Expiration: expiration,
            AssumedRoleArn: $"arn:aws:sts::{accountId}:assumed-role/{role.Name}/{sessionName}",
            AssumedRoleId: assumedRoleId,
            Account: accountId);
        state.Credentials.Remember(credential);
        record.Set("access_key_id", credential.AccessKeyId);

        const string v2Prefix = "urn:oasis:names:tc:SAML:2.0:nameid-format:";
        var subjectType = assertion.NameIdFormat is null ? "transient"
            : assertion.NameIdFormat.StartsWith(v2Prefix, StringComparison.Ordinal) ? assertion.NameIdFormat[v2Prefix.Length..]
            : assertion.NameIdFormat;
        // NameQualifier = BASE64(SHA1(Issuer + AccountId + "/" + ProviderName)), per the API reference.
        var nameQualifier = Convert.ToBase64String(SHA1.HashData(Encoding.UTF8.GetBytes(assertion.Issuer + accountId + "/" + providerName)));

        return StsXml.Success("AssumeRoleWithSAML", requestId,
            StsXml.E("Audience", assertion.Recipient ?? "https://signin.aws.amazon.com/saml"),
            StsXml.E("AssumedRoleUser", new object[]
            {
                StsXml.E("AssumedRoleId", credential.AssumedRoleId),
                StsXml.E("Arn", credential.AssumedRoleArn),
            }),
            StsXml.Credentials(credential),
            StsXml.E("Issuer", assertion.Issuer),
            StsXml.E("NameQualifier", nameQualifier),
            StsXml.E("PackedPolicySize", 0),
            StsXml.E("Subject", assertion.NameId),
            StsXml.E("SubjectType", subjectType));
    }

    /// <summary>IAM keeps up to four signing certificates per provider (for rotation): any one may have signed.</summary>
    private static ReceivedAssertion ReadSignedByAny(string samlAssertion, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> certificates)
    {
        StsRejection? refused = null;
        foreach (var certificate in certificates)
        {
            try
            {
                return SignedAssertionReader.Read(samlAssertion, certificate);
            }
            catch (StsRejection e)
            {
                refused = e;
            }
        }
        throw refused!;
    }

    private static bool IsRegionalSignin(string audience) =>
        Uri.TryCreate(audience, UriKind.Absolute, out var uri) && uri.Scheme == "https" &&
        uri.Host.EndsWith(".signin.aws.amazon.com", StringComparison.Ordinal) && uri.AbsolutePath == "/saml";

    /// <summary>A stable AROA… role id per role ARN, like IAM's unique ids (21 chars).</summary>
    internal static string RoleId(string roleArn) =>
        "AROA" + OtpNet.Base32Encoding.ToString(SHA256.HashData(Encoding.UTF8.GetBytes(roleArn)))[..17];

    internal static string RandomText(string alphabet, int length) =>
        string.Create(length, alphabet, (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++) span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
        });
}
