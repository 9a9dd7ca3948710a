using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Keyring;

namespace SamlAssume.Commands;

/// <summary><c>samlassume keyring status</c>: which keyring is used, and what SamlAssume stored there (never the secrets).</summary>
public sealed class KeyringStatusCommand : SamlAssumeCommand
{
    public KeyringStatusCommand(CommandContext context)
        : base(context, "status", "Which keyring is used, and what SamlAssume stored there (never the secrets)", verbose: null)
    {
    }

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var store = Context.OpenKeyring(Context);
        Context.Out.WriteLine($"keyring: {store.Description}");
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
            Context.Out.WriteLine(algorithm == SecretTransfer.PlainAlgorithm
                ? "transfer: plain (this daemon cannot encrypt secrets on the bus)"
                : $"transfer: {algorithm} (secrets encrypted on the bus)");
        }
        if (items is null)
        {
            Context.Out.WriteLine("stored by samlassume: not listed, the keyring is locked: unlock it (log in to the desktop session, or open your keyring app) and run keyring status again");
            return ExitCodes.Ok;
        }
        Context.Out.WriteLine(items.Count == 0 ? "stored by samlassume: nothing" : $"stored by samlassume: {items.Count} item(s)");
        foreach (var item in items.OrderBy(i => i.Key.Service, StringComparer.Ordinal).ThenBy(i => i.Key.Account, StringComparer.Ordinal))
        {
            Context.Out.WriteLine($"  {SecretKinds.Describe(item.Kind)}: service {item.Key.Service}, account {item.Key.Account}");
        }
        return ExitCodes.Ok;
    }
}
