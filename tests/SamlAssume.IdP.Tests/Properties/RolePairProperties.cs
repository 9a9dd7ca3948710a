using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using SamlAssume.IdP.Saml;
using SamlAssume.IdP.Tests.Saml;

namespace SamlAssume.IdP.Tests.Properties;

/// <summary>
/// The Role attribute's "role ARN,provider ARN" values, in either order (AWS and the peers accept both), with any
/// spacing around the comma, in any partition, with IAM paths: each reads as its role, duplicates once, first first.
/// </summary>
public sealed class RolePairProperties
{
    /// <summary>IAM name characters except the comma, which AWS itself splits the pair on.</summary>
    private static readonly Gen<string> IamName =
        Gen.Elements("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+=.@_-".ToCharArray())
            .ArrayOf().Where(c => c.Length is > 0 and <= 64).Select(c => new string(c));

    private static readonly Gen<AwsRole> Role =
        from partition in Gen.Elements("aws", "aws-cn", "aws-us-gov")
        from account in Gen.Choose(0, 999_999).Two().Select(t => $"{t.Item1:000000}{t.Item2:000000}")
        from path in Gen.Elements("", "path/", "a/b/")
        from role in IamName
        from provider in IamName
        select new AwsRole($"arn:{partition}:iam::{account}:role/{path}{role}", $"arn:{partition}:iam::{account}:saml-provider/{provider}");

    private sealed record Written(AwsRole Role, bool ProviderFirst, string Before, string After)
    {
        public string Value => ProviderFirst ? $"{Role.PrincipalArn}{Before},{After}{Role.RoleArn}" : $"{Role.RoleArn}{Before},{After}{Role.PrincipalArn}";
    }

    private static readonly Gen<Written> Value =
        from role in Role
        from providerFirst in ArbMap.Default.GeneratorFor<bool>()
        from before in Gen.Elements("", " ", "  ")
        from after in Gen.Elements("", " ", "\t")
        select new Written(role, providerFirst, before, after);

    [Property(MaxTest = 200)]
    public Property Pairs_read_in_either_order_once_each_in_first_seen_order() =>
        Prop.ForAll(Value.ListOf().Where(v => v.Count > 0).Select(v => v.Concat(v.Take(1)).ToList()).ToArbitrary(), written =>
        {
            var xml = SamlResponseXml.Response(SamlResponseXml.Assertion(SamlResponseXml.Roles([.. written.Select(w => w.Value)])));

            var assertion = SamlResponseReader.Read(SamlResponseXml.Base64(xml));

            Assert.Equal(written.Select(w => w.Role).Distinct().ToList(), assertion.Roles);
            Assert.Empty(assertion.MalformedRoleValues);
        });
}
