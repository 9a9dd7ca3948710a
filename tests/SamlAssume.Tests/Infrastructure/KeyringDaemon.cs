using System.Diagnostics;
using SamlAssume.Keyring;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// A test that needs a real Secret Service: dbus-daemon and gnome-keyring-daemon (Debian's dbus and gnome-keyring;
/// .ci/run installs them, with libsecret-tools for secret-tool). Skipped with that reason where they are missing.
/// </summary>
public sealed class KeyringFactAttribute : FactAttribute
{
    /// <param name="awsCli">The test also runs the real AWS CLI (skipped without it, as <see cref="AwsCliFactAttribute"/>).</param>
    public KeyringFactAttribute(bool awsCli = false)
    {
        if (KeyringDaemon.Missing() is { } missing) Skip = $"{missing} is not installed (apt-get install dbus gnome-keyring libsecret-tools; .ci/run does)";
        else if (awsCli && new AwsCliFactAttribute().Skip is { } noCli) Skip = noCli;
    }
}

/// <summary>
/// A private D-Bus session bus with gnome-keyring-daemon on it, in scratch HOME/XDG directories: the login
/// collection is created and unlocked by piping a password to <c>--unlock</c> (no prompter needed). One per test,
/// killed with everything it started when the test ends.
/// </summary>
public sealed class KeyringDaemon : IAsyncDisposable
{
    public const string DbusDaemon = "/usr/bin/dbus-daemon";
    public const string KeyringDaemonPath = "/usr/bin/gnome-keyring-daemon";
    public const string SecretTool = "/usr/bin/secret-tool";
    public const string DbusSend = "/usr/bin/dbus-send";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly string root;
    private readonly Process bus;
    private Process? keyring;

    public string Address { get; }

    /// <summary>The variable a CLI run needs to find this keyring.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?> { [SystemKeyring.BusAddressVariable] = Address };

    private KeyringDaemon(string root, Process bus, string address)
    {
        this.root = root;
        this.bus = bus;
        Address = address;
    }

    public static string? Missing() =>
        new[] { DbusDaemon, KeyringDaemonPath, SecretTool, DbusSend }.FirstOrDefault(p => !File.Exists(p));

    public static async Task<KeyringDaemon> StartAsync(string unlockPassword = "test-keyring-unlock")
    {
        var root = Directory.CreateTempSubdirectory("samlassume-keyring-").FullName;
        // gnome-keyring wants its runtime directory private.
        if (!OperatingSystem.IsWindows()) Directory.CreateDirectory(Path.Combine(root, "run"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var busStart = new ProcessStartInfo(DbusDaemon) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "--session", "--nofork", "--print-address=1" }) busStart.ArgumentList.Add(a);
        var bus = Process.Start(busStart)!;
        _ = bus.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var address = await bus.StandardOutput.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("dbus-daemon printed no address");
        var daemon = new KeyringDaemon(root, bus, address.Trim());
        try
        {
            await daemon.StartKeyringAsync(unlockPassword, timeout.Token);
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
        return daemon;
    }

    private async Task StartKeyringAsync(string unlockPassword, CancellationToken cancellationToken)
    {
        var start = Start(KeyringDaemonPath, ["--foreground", "--unlock", "--components=secrets"]);
        start.RedirectStandardInput = true;
        keyring = Process.Start(start)!;
        _ = keyring.StandardOutput.ReadToEndAsync(cancellationToken);
        _ = keyring.StandardError.ReadToEndAsync(cancellationToken);
        await keyring.StandardInput.WriteAsync(unlockPassword);
        keyring.StandardInput.Close();
        // Ready when the daemon owns the name (asked of the bus itself: a call to the name would start a second,
        // bus-activated daemon) and the default alias points at the unlocked login collection.
        while (true)
        {
            var owner = await RunAsync(DbusSend, ["--session", "--dest=org.freedesktop.DBus", "--print-reply", "/org/freedesktop/DBus",
                "org.freedesktop.DBus.NameHasOwner", "string:org.freedesktop.secrets"]);
            if (owner.Stdout.Contains("boolean true", StringComparison.Ordinal))
            {
                var alias = await RunAsync(DbusSend, ["--session", "--dest=org.freedesktop.secrets", "--print-reply", "/org/freedesktop/secrets",
                    "org.freedesktop.Secret.Service.ReadAlias", "string:default"]);
                if (alias.Stdout.Contains("/collection/login", StringComparison.Ordinal)) return;
            }
            if (keyring.HasExited) throw new InvalidOperationException($"gnome-keyring-daemon exited with {keyring.ExitCode}");
            await Task.Delay(50, cancellationToken);
        }
    }

    /// <summary>Locks the login collection, as a screen lock or timeout would.</summary>
    public async Task LockAsync()
    {
        var result = await RunAsync(DbusSend, ["--session", "--dest=org.freedesktop.secrets", "--print-reply", "/org/freedesktop/secrets",
            "org.freedesktop.Secret.Service.Lock", "array:objpath:/org/freedesktop/secrets/collection/login"]);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>Stores an item with libsecret's secret-tool: another program, as OneLogin's tool (Python keyring) would.</summary>
    public async Task StoreWithSecretToolAsync(string service, string account, string secret)
    {
        var result = await RunAsync(SecretTool, ["store", "--label", $"test item {service}/{account}", "service", service, "username", account], secret);
        Assert.True(result.ExitCode == 0, result.Stderr);
    }

    /// <summary>The secret under service/account as secret-tool reads it, or null when there is none.</summary>
    public async Task<string?> LookupWithSecretToolAsync(string service, string account)
    {
        var result = await RunAsync(SecretTool, ["lookup", "service", service, "username", account]);
        return result.ExitCode == 0 ? result.Stdout : null;
    }

    private ProcessStartInfo Start(string path, string[] args)
    {
        var start = new ProcessStartInfo(path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args) start.ArgumentList.Add(a);
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/bin:/bin";
        start.Environment["HOME"] = root;
        start.Environment["XDG_RUNTIME_DIR"] = Path.Combine(root, "run");
        start.Environment["XDG_DATA_HOME"] = Path.Combine(root, "data");
        start.Environment["XDG_CONFIG_HOME"] = Path.Combine(root, "config");
        start.Environment[SystemKeyring.BusAddressVariable] = Address;
        return start;
    }

    private async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string path, string[] args, string? stdin = null)
    {
        using var process = Process.Start(Start(path, args))!;
        if (stdin is not null) await process.StandardInput.WriteAsync(stdin);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in new[] { keyring, bus })
        {
            if (process is null) continue;
            try
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(5)).Token);
            }
            catch (Exception e) when (e is InvalidOperationException or OperationCanceledException or System.ComponentModel.Win32Exception)
            {
            }
            process.Dispose();
        }
        try { Directory.Delete(root, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
