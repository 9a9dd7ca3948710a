using System.Text.RegularExpressions;

namespace SamlAssume.IdP.Saml;

/// <summary>
/// The Audience and Recipient values AWS accepts for SAML federation (AWS IAM docs, "Configure SAML assertions for
/// the authentication response"): the audience <c>urn:amazon:webservices</c> or the sign-in URL; the recipient the
/// global or a regional sign-in SAML endpoint, in the aws, aws-us-gov and aws-cn partitions.
/// </summary>
public static partial class AwsSignInEndpoints
{
    public static readonly IReadOnlyList<string> Audiences = ["urn:amazon:webservices", "https://signin.aws.amazon.com/saml"];

    public static bool IsAudience(string value) => Audiences.Contains(value, StringComparer.Ordinal);

    public static bool IsRecipient(string value) => Recipient().IsMatch(value);

    // https://signin.aws.amazon.com/saml, https://us-east-1.signin.aws.amazon.com/saml,
    // https://signin.amazonaws-us-gov.com/saml, https://us-gov-west-1.signin.amazonaws-us-gov.com/saml,
    // https://signin.amazonaws.cn/saml, https://cn-north-1.signin.amazonaws.cn/saml
    [GeneratedRegex(@"^https://([a-z]{2}(-gov)?-[a-z]+-[0-9]\.)?signin\.(aws\.amazon\.com|amazonaws-us-gov\.com|amazonaws\.cn)/saml$", RegexOptions.CultureInvariant)]
    private static partial Regex Recipient();
}
