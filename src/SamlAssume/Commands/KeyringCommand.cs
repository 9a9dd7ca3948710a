using System.CommandLine;
using SamlAssume.Aws.Sessions;
using SamlAssume.Cli;
using SamlAssume.Configuration;
using SamlAssume.Keyring;
using SamlAssume.Settings;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume keyring status|set-password|set-client-secret|set-aws-keys|forget</c>: what SamlAssume keeps in the
/// operating system's keyring. Secrets are typed at a hidden prompt or read from standard input, and never printed.
/// </summary>
public static class KeyringCommand
{
    public static Command Create(CommandContext context)
    {
        var command = new Command("keyring", "The OneLogin password, API client secret and long-lived AWS keys in the system keyring");
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(SetPassword(context));
        command.Subcommands.Add(SetClientSecret(context));
        command.Subcommands.Add(new KeyringSetAwsKeysCommand(context));
        command.Subcommands.Add(new KeyringForgetCommand(context));
        return command;
    }

    private static Command Status(CommandContext context)
    {
        var command = new Command("status", "Which keyring is used, and what SamlAssume stored there (never the secrets)");
        command.SetAction((_, cancellationToken) => Run(context, async (store, log) =>
        {
            context.Out.WriteLine($"keyring: {store.Description}");
            IReadOnlyList<StoredSecret>? items;
            try
            {
                items = await store.ListOursAsync(cancellationToken);
            }
            catch (KeyringUnavailableException e) when (e.Problem == KeyringProblem.Locked)
            {
                // A locked keyring is a state status reports, not a failure of status (it never unlocks it either).
                items = null;
            }
            if (store is SecretServiceKeyring { LastTransferAlgorithm: { } algorithm })
            {
                context.Out.WriteLine(algorithm == SecretTransfer.PlainAlgorithm
                    ? "transfer: plain (this daemon cannot encrypt secrets on the bus)"
                    : $"transfer: {algorithm} (secrets encrypted on the bus)");
            }
            if (items is null)
            {
                context.Out.WriteLine("stored by samlassume: not listed, the keyring is locked: unlock it (log in to the desktop session, or open your keyring app) and run keyring status again");
                return ExitCodes.Ok;
            }
            context.Out.WriteLine(items.Count == 0 ? "stored by samlassume: nothing" : $"stored by samlassume: {items.Count} item(s)");
            foreach (var item in items.OrderBy(i => i.Key.Service, StringComparer.Ordinal).ThenBy(i => i.Key.Account, StringComparer.Ordinal))
            {
                context.Out.WriteLine($"  {SecretKinds.Describe(item.Kind)}: service {item.Key.Service}, account {item.Key.Account}");
            }
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command SetPassword(CommandContext context)
    {
        var command = new Command("set-password",
            "Store the OneLogin password (hidden prompt, or the first line of stdin); the next login that fails with it removes it again");
        var username = new Option<string?>("--onelogin-username", "-u") { Description = "The OneLogin username the password belongs to (the item's account by default)" };
        var service = new Option<string?>("--keychain-service") { Description = $"Keyring service (default {KeyringItems.PasswordService})" };
        var account = new Option<string?>("--keychain-account") { Description = "Keyring account (default the OneLogin username)" };
        command.Options.Add(username);
        command.Options.Add(service);
        command.Options.Add(account);
        command.SetAction((result, cancellationToken) => Run(context, async (store, log) =>
        {
            var user = result.GetValue(username) ?? result.GetValue(account)
                ?? throw CommandFailure.Usage("keyring set-password: name the OneLogin user with -u/--onelogin-username (or the item with --keychain-account)");
            var key = KeyringItems.OneLoginPassword(result.GetValue(service), result.GetValue(account), user);
            var password = new SecretInput(context).Read("OneLogin password");
            await store.WriteAsync(key, SecretKind.OneLoginPassword, KeyringItems.PasswordLabel(user), password, cancellationToken);
            log.Step($"Stored the OneLogin password of {user} in the keyring ({key}).");
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Command SetClientSecret(CommandContext context)
    {
        var command = new Command("set-client-secret",
            "Store the OneLogin API client secret (hidden prompt, or the first line of stdin), for \"client_secret\": \"keyring:\" in onelogin.sdk.json");
        var config = SharedOptions.ConfigDirectory();
        var clientId = new Option<string?>("--client_id", "-i") { Description = "The API client's id (default: client_id of onelogin.sdk.json)" };
        command.Options.Add(config);
        command.Options.Add(clientId);
        command.SetAction((result, cancellationToken) => Run(context, async (store, log) =>
        {
            var searchPath = ConfigurationSearchPath.For(result.GetValue(config), context.CurrentDirectory, context.HomeDirectory);
            var sdk = OneLoginSdkConfig.Load(searchPath.Find(ConfigurationSearchPath.SdkFileName));
            var id = result.GetValue(clientId) ?? sdk.ClientId
                ?? throw CommandFailure.Usage($"keyring set-client-secret: no client_id in {ConfigurationSearchPath.SdkFileName} (searched {searchPath.Describe()}); pass -i/--client_id");
            var reference = ClientSecretInKeyring.IsReference(sdk.ClientSecret) ? sdk.ClientSecret! : ClientSecretInKeyring.Prefix;
            var key = KeyringItems.ClientSecret(ClientSecretInKeyring.Account(reference, id));
            var secret = new SecretInput(context).Read("OneLogin API client secret");
            await store.WriteAsync(key, SecretKind.OneLoginClientSecret, KeyringItems.ClientSecretLabel(id), secret, cancellationToken);
            log.Step($"Stored the OneLogin API client secret of client {id} in the keyring ({key}).");
            if (!ClientSecretInKeyring.IsReference(sdk.ClientSecret))
            {
                log.Step($"Now set \"client_secret\": \"{ClientSecretInKeyring.Prefix}\" in {sdk.SourcePath ?? ConfigurationSearchPath.SdkFileName} (and remove the secret from it).");
            }
            return ExitCodes.Ok;
        }, cancellationToken));
        return command;
    }

    private static Task<int> Run(CommandContext context, Func<ISecretStore, ProgressLog, Task<int>> action, CancellationToken cancellationToken) =>
        FailureReporter.RunAsync(context.Error, false, () => action(context.OpenKeyring(context), new ProgressLog(context.Error, false)), cancellationToken);
}
