using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Prompts;

/// <summary>
/// Chooses the role to assume: <c>--aws-account-id</c>/<c>--aws-role-name</c> narrow the list; one role left needs no
/// prompt; otherwise a searchable list of "account (alias) / role", sorted by account (by role with --role_order).
/// Without a terminal an open choice is a usage error naming the flags that settle it.
/// </summary>
public sealed class RolePicker(CommandContext context, AccountAliases aliases)
{
    public AwsRole Pick(IReadOnlyList<AwsRole> roles, string? accountId, string? roleName, bool sortByRole)
    {
        var candidates = roles
            .Where(r => accountId is null || r.AccountId == accountId.Trim())
            .Where(r => roleName is null || MatchesName(r, roleName.Trim()))
            .ToList();

        if (candidates.Count == 0)
        {
            var wanted = string.Join(" ", new[] { accountId is null ? null : $"account {accountId}", roleName is null ? null : $"role {roleName}" }.OfType<string>());
            throw new InvalidInput(
                $"the assertion has no {wanted} among its {roles.Count} role(s): {Summarise(roles)}; run `samlassume roles` to list them");
        }
        if (candidates.Count == 1) return candidates[0];

        var ordered = Order(candidates, sortByRole);
        if (!context.IsInteractive)
        {
            throw new InvalidInput(
                $"{candidates.Count} roles match and there is no terminal to choose: pass --aws-account-id and --aws-role-name (see `samlassume roles`)");
        }
        return ChoicePrompt.Choose(context.Console, $"Choose an AWS role ({candidates.Count}; type to search)", ordered, Label, searchable: true);
    }

    public IReadOnlyList<AwsRole> Order(IEnumerable<AwsRole> roles, bool sortByRole) => sortByRole
        ? roles.OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.AccountId, StringComparer.Ordinal).ToList()
        : roles.OrderBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ToList();

    public string Label(AwsRole role) =>
        aliases.For(role.AccountId) is { } alias ? $"{role.AccountId} ({alias}) / {role.RoleName}" : $"{role.AccountId} / {role.RoleName}";

    // A name or a full ARN both identify the role; names compare case-sensitively as IAM does.
    private static bool MatchesName(AwsRole role, string wanted) =>
        wanted.StartsWith("arn:", StringComparison.Ordinal) ? role.RoleArn == wanted : role.RoleName == wanted;

    private string Summarise(IReadOnlyList<AwsRole> roles) =>
        roles.Count <= 5 ? string.Join(", ", roles.Select(Label)) : string.Join(", ", roles.Take(5).Select(Label)) + ", …";
}
