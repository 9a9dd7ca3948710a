using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;
using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>
/// Chooses the role to assume: <c>--aws-account-id</c>/<c>--aws-role-name</c> narrow the list; one role left needs no
/// prompt; otherwise a list filtered as you type (<see cref="SearchList{T}"/>) of "account (alias) / role", sorted by account (by role with --role_order).
/// Without a terminal an open choice is a usage error naming the flags that settle it.
/// </summary>
public sealed class RolePicker(CommandContext context, AccountAliases aliases, Prompts.SignInAdvice? advice = null)
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
            var near = roleName is not null && NearestName.Among(roleName.Trim(), roles.Where(r => accountId is null || r.AccountId == accountId.Trim()).Select(r => r.RoleName).Distinct()) is { } name
                ? $" (did you mean {name}?)" : "";
            throw new InvalidInput(
                $"the assertion has no {wanted} among its {roles.Count} role(s){near}: {Summarise(roles)}; run `samlassume roles` to list them");
        }
        if (candidates.Count == 1) return candidates[0];

        var ordered = Order(candidates, sortByRole);
        if (!context.IsInteractive)
        {
            throw new InvalidInput(
                $"{candidates.Count} roles match and there is no terminal to choose: {(advice ?? Prompts.SignInAdvice.LoginFlags).RoleChoice} (see `samlassume roles`)");
        }
        var console = context.Console;
        var chosen = console.Profile.Capabilities.Ansi
            ? new SearchList<AwsRole>("Choose an AWS role", ordered, Label, SearchFields).Show(console, context.Interrupt)
            // No cursor movement (TERM=dumb, output to a file): a numbered list, and no promise of search.
            : ChoicePrompt.Numbered(console, $"Choose an AWS role ({candidates.Count}):", ordered, Label, context.Interrupt);
        // The list is gone from the screen: say what was chosen, as the line the user will scroll back to.
        console.Write(new Text($"Role: {Label(chosen)}\n"));
        return chosen;
    }

    /// <summary>What typing in the list searches: account id, alias, role name.</summary>
    private IEnumerable<string?> SearchFields(AwsRole role) => [role.AccountId, aliases.For(role.AccountId), role.RoleName];

    public IReadOnlyList<AwsRole> Order(IEnumerable<AwsRole> roles, bool sortByRole) => sortByRole
        ? roles.OrderBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ThenBy(r => r.AccountId, StringComparer.Ordinal).ToList()
        : roles.OrderBy(r => r.AccountId, StringComparer.Ordinal).ThenBy(r => r.RoleName, StringComparer.OrdinalIgnoreCase).ToList();

    public string Label(AwsRole role) =>
        aliases.For(role.AccountId) is { } alias ? $"{role.AccountId} ({alias}) / {role.RoleName}" : $"{role.AccountId} / {role.RoleName}";

    // A name or a full ARN both identify the role; names compare without case, as IAM keeps them unique
    // (Admin and admin cannot both exist in one account).
    private static bool MatchesName(AwsRole role, string wanted) =>
        wanted.StartsWith("arn:", StringComparison.OrdinalIgnoreCase)
            ? string.Equals(role.RoleArn, wanted, StringComparison.OrdinalIgnoreCase)
            : string.Equals(role.RoleName, wanted, StringComparison.OrdinalIgnoreCase);

    /// <summary>Every role, whole: the user picks the right name from this line.</summary>
    private string Summarise(IReadOnlyList<AwsRole> roles) => string.Join(", ", Order(roles, sortByRole: false).Select(Label));
}
