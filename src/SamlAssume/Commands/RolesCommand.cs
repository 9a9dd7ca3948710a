using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using SamlAssume.Sources.Saml;

namespace SamlAssume.Commands;

/// <summary><c>samlassume roles</c>: sign in and list the assertion's roles, without calling STS.</summary>
public sealed class RolesCommand : SamlAssumeCommand
{
    private readonly LoginOptions options;
    private readonly Option<bool> json = new("--json") { Description = "Print the roles as JSON (issuer, roles[] with account_id, alias, role_name, role_arn, principal_arn)" };

    public RolesCommand(CommandContext context) : this(context, new LoginOptions())
    {
    }

    private RolesCommand(CommandContext context, LoginOptions options)
        : base(context, "roles", "Sign in and list the AWS roles your OneLogin assertion grants (no STS call)", options.Verbose)
    {
        this.options = options;
        options.AddTo(this);
        Add(json);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var args = options.Bind(result);
        var settings = LoginSettings.Resolve(args, Context, log);
        using var pipeline = new LoginPipeline(Context, log, settings);
        var signedIn = await pipeline.SignInAsync(cancellationToken);
        var picker = new RolePicker(Context, settings.Aliases);
        var roles = picker.Order(signedIn.Roles, settings.SortByRole);
        if (result.GetValue(json))
        {
            // The issuer when the roles came from a SAML assertion; another identity source has none.
            var issuer = (signedIn as SamlCredentials)?.Assertion.Issuer;
            var report = new RolesReport(issuer,
                roles.Select(r => new AssertionRoleReport(r.AccountId, settings.Aliases.For(r.AccountId), r.RoleName, r.RoleArn, r.PrincipalArn)).ToList());
            Context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, RolesJsonContext.Default.RolesReport));
            Context.Out.Flush();
            return ExitCodes.Ok;
        }
        // Plain aligned columns on stdout: readable, and stable for scripts (awk '{print $1}').
        var aliasWidth = Math.Max(5, roles.Max(r => (settings.Aliases.For(r.AccountId) ?? "-").Length));
        var nameWidth = Math.Max(4, roles.Max(r => r.RoleName.Length));
        Context.Out.WriteLine($"{"ACCOUNT",-12}  {"ALIAS".PadRight(aliasWidth)}  {"ROLE".PadRight(nameWidth)}  ROLE ARN");
        foreach (var role in roles)
        {
            Context.Out.WriteLine($"{role.AccountId,-12}  {(settings.Aliases.For(role.AccountId) ?? "-").PadRight(aliasWidth)}  {role.RoleName.PadRight(nameWidth)}  {role.RoleArn}");
        }
        Context.Out.Flush();
        log.Step($"{roles.Count} role(s) in {signedIn.RolesFrom}.");
        return ExitCodes.Ok;
    }
}
