using SamlAssume.Cache;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Sources.Saml;

/// <summary>A OneLogin sign-in's result: the raw SAMLResponse (for STS) and what it says (the roles, the session limits).</summary>
public sealed record SamlCredentials(string SamlResponse, SamlAssertion Assertion) : SourceCredentials
{
    public override IReadOnlyList<AwsRole> Roles => Assertion.Roles;

    public override string RolesFrom => $"the assertion from {Assertion.Issuer}";

    /// <summary>STS takes an assertion until its NotOnOrAfter (less a margin for clock skew).</summary>
    public override bool UsableAt(DateTimeOffset now) => CredentialExpiry.AssertionUsable(Assertion.NotOnOrAfter, now);

    public override string ToString() => $"SamlCredentials {{ Roles = {Assertion.Roles.Count} }}";
}
