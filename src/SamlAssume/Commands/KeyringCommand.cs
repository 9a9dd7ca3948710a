using System.CommandLine;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume keyring status|set-password|set-client-secret|set-aws-keys|forget</c>: what SamlAssume keeps in the
/// operating system's keyring. Secrets are typed at a hidden prompt or read from standard input, and never printed.
/// </summary>
public sealed class KeyringCommand : Command
{
    public KeyringCommand(CommandContext context) : base("keyring", "The OneLogin password, API client secret and long-lived AWS keys in the system keyring")
    {
        Subcommands.Add(new KeyringStatusCommand(context));
        Subcommands.Add(new KeyringSetPasswordCommand(context));
        Subcommands.Add(new KeyringSetClientSecretCommand(context));
        Subcommands.Add(new KeyringSetAwsKeysCommand(context));
        Subcommands.Add(new KeyringForgetCommand(context));
    }
}
