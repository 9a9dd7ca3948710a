using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Login;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using SamlAssume.Sources.OneLogin;

namespace SamlAssume.Commands;

/// <summary><c>samlassume roles</c>: sign in and list the assertion's roles, without calling STS.</summary>
public static class RolesCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("roles", "Sign in and list the AWS roles your OneLogin assertion grants (no STS call)");
        var options = new LoginOptions();
        options.AddTo(command);
        var json = new Option<bool>("--json") { Description = "Print the roles as JSON (issuer, roles[] with account_id, alias, role_name, role_arn, principal_arn)" };
        command.Options.Add(json);
        command.SetAction((result, cancellationToken) =>
        {
            var args = options.Bind(result);
            var log = new ProgressLog(context.Error, args.Verbose);
            return FailureReporter.RunAsync(context.Error, args.Verbose, async () =>
            {
                var settings = LoginSettings.Resolve(args, context, log);
                using var pipeline = new LoginPipeline(context, log, settings);
                var signedIn = await pipeline.SignInAsync(cancellationToken);
                var picker = new RolePicker(context, settings.Aliases);
                var roles = picker.Order(signedIn.Roles, settings.SortByRole);
                if (result.GetValue(json))
                {
                    // The issuer when the roles came from a SAML assertion; another identity source has none.
                    var issuer = (signedIn as SamlCredentials)?.Assertion.Issuer;
                    var report = new RolesReport(issuer,
                        roles.Select(r => new AssertionRoleReport(r.AccountId, settings.Aliases.For(r.AccountId), r.RoleName, r.RoleArn, r.PrincipalArn)).ToList());
                    context.Out.WriteLine(System.Text.Json.JsonSerializer.Serialize(report, RolesJsonContext.Default.RolesReport));
                    context.Out.Flush();
                    return ExitCodes.Ok;
                }
                // Plain aligned columns on stdout: readable, and stable for scripts (awk '{print $1}').
                var aliasWidth = Math.Max(5, roles.Max(r => (settings.Aliases.For(r.AccountId) ?? "-").Length));
                var nameWidth = Math.Max(4, roles.Max(r => r.RoleName.Length));
                context.Out.WriteLine($"{"ACCOUNT",-12}  {"ALIAS".PadRight(aliasWidth)}  {"ROLE".PadRight(nameWidth)}  ROLE ARN");
                foreach (var role in roles)
                {
                    context.Out.WriteLine($"{role.AccountId,-12}  {(settings.Aliases.For(role.AccountId) ?? "-").PadRight(aliasWidth)}  {role.RoleName.PadRight(nameWidth)}  {role.RoleArn}");
                }
                context.Out.Flush();
                log.Step($"{roles.Count} role(s) in {signedIn.RolesFrom}.");
                return ExitCodes.Ok;
            }, cancellationToken);
        });
        return command;
    }
}
