using SamlAssume.Cli;
using SamlAssume.Keyring;
using SamlAssume.Tests.Infrastructure;

namespace SamlAssume.Tests.RightCredentials;

/// <summary>
/// Issue 23, item 11 (part): <c>keyring status</c> answers the question it is asked — which keyring, in what state —
/// also when that state is "locked" (exit 0), where it failed with exit 8. A real gnome-keyring-daemon on a private
/// D-Bus session bus, locked as a screen lock would (<see cref="KeyringDaemon.LockAsync"/>).
/// </summary>
public sealed class LockedKeyringStatusTests
{
    [KeyringFact]
    public async Task Keyring_status_with_a_locked_keyring_says_locked_and_exits_0()
    {
        await using var ws = await TestWorkspace.StartAsync();
        await using var keyring = await KeyringDaemon.StartAsync();
        Assert.Equal(0, (await CliRun.RunAsync(ws, ["keyring", "set-password", "-u", "solo@example.com"], environment: keyring.Environment, stdin: "solo-password\n")).ExitCode);
        await keyring.LockAsync();

        var status = await CliRun.RunAsync(ws, ["keyring", "status"], environment: keyring.Environment);

        Assert.True(status.ExitCode == ExitCodes.Ok, status.ToString());
        Assert.Empty(status.Stderr);
        var lines = status.Stdout.TrimEnd('\n').Split('\n');
        Assert.StartsWith("keyring: Secret Service", lines[0]);
        Assert.Equal("stored by samlassume: not listed, the keyring is locked: unlock it (log in to the desktop session, or open your keyring app) and run keyring status again", lines[^1]);
        Assert.DoesNotContain("solo-password", status.AllOutput);
        Assert.Empty(ws.Sandbox.Journal.Entries);

        // Unlocking is never ours to do: the item is still there, still locked.
        await Assert.ThrowsAsync<KeyringUnavailableException>(() => new SecretServiceKeyring(keyring.Address).ReadAsync(KeyringItems.OneLoginPassword(null, null, "solo@example.com"), CancellationToken.None));
    }
}
