using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Configuration;
using SamlAssume.Keyring;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume keyring set-client-secret</c>: the OneLogin API client secret, at a hidden prompt or as the first line
/// of stdin, into the keyring, for <c>"client_secret": "keyring:"</c> in onelogin.sdk.json.
/// </summary>
public sealed class KeyringSetClientSecretCommand : SamlAssumeCommand
{
    private readonly Option<string?> config = SharedOptions.ConfigDirectory();
    private readonly Option<string?> clientId = new("--client_id", "-i") { Description = "The API client's id (default: client_id of onelogin.sdk.json)" };

    public KeyringSetClientSecretCommand(CommandContext context)
        : base(context, "set-client-secret", "Store the OneLogin API client secret (hidden prompt, or the first line of stdin), for \"client_secret\": \"keyring:\" in onelogin.sdk.json", verbose: null) =>
        Add(config, clientId);

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var store = Context.OpenKeyring(Context);
        var searchPath = ConfigurationSearchPath.For(result.GetValue(config), Context.CurrentDirectory, Context.HomeDirectory);
        var sdk = OneLoginSdkConfig.Load(searchPath.Find(ConfigurationSearchPath.SdkFileName));
        var id = result.GetValue(clientId) ?? sdk.ClientId
            ?? throw CommandFailure.Usage($"keyring set-client-secret: no client_id in {ConfigurationSearchPath.SdkFileName} (searched {searchPath.Describe()}); pass -i/--client_id");
        var reference = ClientSecretInKeyring.IsReference(sdk.ClientSecret) ? sdk.ClientSecret! : ClientSecretInKeyring.Prefix;
        var key = KeyringItems.ClientSecret(ClientSecretInKeyring.Account(reference, id));
        var secret = new SecretInput(Context).Read("OneLogin API client secret");
        await store.WriteAsync(key, SecretKind.OneLoginClientSecret, KeyringItems.ClientSecretLabel(id), secret, cancellationToken);
        log.Step($"Stored the OneLogin API client secret of client {id} in the keyring ({key}).");
        if (!ClientSecretInKeyring.IsReference(sdk.ClientSecret))
        {
            log.Step($"Now set \"client_secret\": \"{ClientSecretInKeyring.Prefix}\" in {sdk.SourcePath ?? ConfigurationSearchPath.SdkFileName} (and remove the secret from it).");
        }
        return ExitCodes.Ok;
    }
}
