namespace SamlAssume.Keyring;

/// <summary>Picks the keyring of the system the command runs on, from the command's own environment.</summary>
public static class SystemKeyring
{
    public const string BusAddressVariable = "DBUS_SESSION_BUS_ADDRESS";

    public static ISecretStore Open(CommandContext context)
    {
        if (OperatingSystem.IsMacOS()) return new MacKeychain();
        if (OperatingSystem.IsWindows()) return new NoKeyring("the Windows Credential Manager is not supported yet");
        // Linux and the BSDs: the Secret Service on the session bus. Without a session bus (ssh, containers, CI)
        // there is no keyring, and saying so beats guessing at a socket.
        return context.Environment[BusAddressVariable] is { } address
            ? new SecretServiceKeyring(address)
            : new NoKeyring($"{BusAddressVariable} is not set (no desktop session, so no Secret Service to ask)");
    }
}
