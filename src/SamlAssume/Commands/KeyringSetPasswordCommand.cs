using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Keyring;

namespace SamlAssume.Commands;

/// <summary><c>samlassume keyring set-password -u USER</c>: the OneLogin password, at a hidden prompt or as the first line of stdin, into the keyring.</summary>
public sealed class KeyringSetPasswordCommand : SamlAssumeCommand
{
    private readonly Option<string?> username = new("--onelogin-username", "-u") { Description = "The OneLogin username the password belongs to (the item's account by default)" };
    private readonly Option<string?> service = new("--keychain-service") { Description = $"Keyring service (default {KeyringItems.PasswordService})" };
    private readonly Option<string?> account = new("--keychain-account") { Description = "Keyring account (default the OneLogin username)" };

    public KeyringSetPasswordCommand(CommandContext context)
        : base(context, "set-password", "Store the OneLogin password (hidden prompt, or the first line of stdin); the next login that fails with it removes it again", verbose: null) =>
        Add(username, service, account);

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var store = Context.OpenKeyring(Context);
        var user = result.GetValue(username) ?? result.GetValue(account)
            ?? throw CommandFailure.Usage("keyring set-password: name the OneLogin user with -u/--onelogin-username (or the item with --keychain-account)");
        var key = KeyringItems.OneLoginPassword(result.GetValue(service), result.GetValue(account), user);
        var password = new SecretInput(Context).Read("OneLogin password");
        await store.WriteAsync(key, SecretKind.OneLoginPassword, KeyringItems.PasswordLabel(user), password, cancellationToken);
        log.Step($"Stored the OneLogin password of {user} in the keyring ({key}).");
        return ExitCodes.Ok;
    }
}
