namespace SamlAssume.IdP.Saml;

/// <summary>One value of the <c>https://aws.amazon.com/SAML/Attributes/Role</c> attribute.</summary>
/// <param name="RoleArn">arn:aws:iam::123456789012:role/Name</param>
/// <param name="PrincipalArn">arn:aws:iam::123456789012:saml-provider/Name</param>
public sealed record AwsRole(string RoleArn, string PrincipalArn)
{
    /// <summary>The 12-digit account of the role ARN.</summary>
    public string AccountId => RoleArn.Split(':') is { Length: >= 6 } parts ? parts[4] : "";

    /// <summary>The role's name, without any path (<c>role/path/Name</c> → <c>Name</c>).</summary>
    public string RoleName => RoleArn[(RoleArn.LastIndexOf('/') + 1)..];
}
