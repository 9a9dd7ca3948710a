using System.Text.RegularExpressions;
using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Prompts;

/// <summary>
/// <c>--roles PATTERN</c>: a glob (<c>*</c>, <c>?</c>; case-insensitive, whole text) or a <c>/regex/</c> (searched,
/// case-sensitive), matched against "account/role" and, where the account has one, "alias/role".
/// </summary>
public sealed class RolePattern
{
    private readonly Regex regex;
    private readonly string text;

    private RolePattern(Regex regex, string text)
    {
        this.regex = regex;
        this.text = text;
    }

    public static RolePattern All { get; } = new(new Regex(".*"), "*");

    public static RolePattern Parse(string pattern)
    {
        if (string.IsNullOrWhiteSpace(pattern)) throw new InvalidInput("--roles needs a pattern, such as 'prod/*' or '/Admin$/'");
        if (pattern.Length >= 2 && pattern[0] == '/' && pattern[^1] == '/')
        {
            try
            {
                return new RolePattern(new Regex(pattern[1..^1], RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), pattern);
            }
            catch (ArgumentException e)
            {
                throw new InvalidInput($"--roles {pattern}: not a regular expression ({e.Message})");
            }
        }
        var glob = "^" + Regex.Escape(pattern).Replace(@"\*", ".*").Replace(@"\?", ".") + "$";
        return new RolePattern(new Regex(glob, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant), pattern);
    }

    public bool Matches(AwsRole role, AccountAliases aliases) =>
        regex.IsMatch($"{role.AccountId}/{role.RoleName}")
        || (aliases.For(role.AccountId) is { } alias && regex.IsMatch($"{alias}/{role.RoleName}"));

    public override string ToString() => text;
}
