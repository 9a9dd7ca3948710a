using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Keyring;
using Spectre.Console;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume keyring forget</c>: removes what SamlAssume stored in the keyring — one kind (<c>--kind</c>), everything
/// (<c>--all</c>, or yes at the question a terminal gets), or the one item <c>--keychain-service/--keychain-account</c>
/// names, whoever stored it. With no argument and no terminal nothing is removed: a bare <c>forget</c> in a script must
/// not empty the keyring.
/// </summary>
public sealed class KeyringForgetCommand : SamlAssumeCommand
{
    private readonly Option<string?> kind = new("--kind") { Description = "Only this kind: password, client-secret or aws-keys" };
    private readonly Option<bool> all = new("--all") { Description = "Everything SamlAssume stored (asked at a terminal when neither --all nor --kind is given)" };
    private readonly Option<string?> service = new("--keychain-service") { Description = "With --keychain-account: remove this item, whoever stored it (e.g. OneLogin's tool)" };
    private readonly Option<string?> account = new("--keychain-account") { Description = "With --keychain-service: the item's account" };

    public KeyringForgetCommand(CommandContext context)
        : base(context, "forget", "Remove what SamlAssume stored in the keyring (--all, or one --kind), or the one item named by --keychain-service/--keychain-account", verbose: null)
    {
        kind.AcceptOnlyFromAmong("password", "client-secret", "aws-keys");
        Add(kind, all, service, account);
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var store = Context.OpenKeyring(Context);
        if (result.GetValue(service) is not null || result.GetValue(account) is not null)
        {
            var key = new SecretKey(result.GetValue(service) ?? KeyringItems.PasswordService,
                result.GetValue(account) ?? throw CommandFailure.Usage("keyring forget: --keychain-service needs --keychain-account"));
            var count = await store.DeleteAsync(key, cancellationToken);
            log.Step(count == 0 ? $"Nothing in the keyring under {key}." : $"Removed {key} from the keyring.");
            return ExitCodes.Ok;
        }
        SecretKind? only = result.GetValue(kind) switch
        {
            "password" => SecretKind.OneLoginPassword,
            "client-secret" => SecretKind.OneLoginClientSecret,
            "aws-keys" => SecretKind.AwsAccessKey,
            _ => null,
        };
        var items = (await store.ListOursAsync(cancellationToken)).Where(i => only is null || i.Kind == only).ToList();
        if (only is null && !result.GetValue(all) && items.Count > 0)
        {
            if (!Context.IsInteractive)
                throw CommandFailure.Usage($"keyring forget would remove all {items.Count} item(s) SamlAssume stored: say --all, or --kind password|client-secret|aws-keys");
            if (!Context.Console.Confirm($"Remove all {items.Count} item(s) SamlAssume stored in the keyring?", defaultValue: false))
            {
                log.Step("Nothing removed.");
                return ExitCodes.Ok;
            }
        }
        var removed = 0;
        foreach (var item in items)
        {
            removed += await store.DeleteAsync(item.Key, cancellationToken);
            log.Step($"Removed the {SecretKinds.Describe(item.Kind)} under {item.Key}.");
        }
        log.Step(removed == 0 ? "SamlAssume had nothing stored in the keyring." : $"Removed {removed} item(s) from the keyring.");
        return ExitCodes.Ok;
    }
}
