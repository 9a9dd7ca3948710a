using System.Diagnostics;
using System.Text;

namespace SamlAssume.Keyring;

/// <summary>
/// The macOS login keychain through <c>/usr/bin/security</c> generic passwords (service <c>-s</c>, account <c>-a</c>),
/// the items Python's keyring library — and so OneLogin's tool — reads and writes. The secret goes to
/// <c>security -i</c> on standard input as hex (<c>-X</c>), never on a command line another user could list.
/// Not exercised by this project's tests (they run on Linux); kept to the documented subcommands.
/// </summary>
public sealed class MacKeychain(string tool = MacKeychain.Tool) : ISecretStore
{
    public const string Tool = "/usr/bin/security";
    private const string KindComment = "samlassume:";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // security(1): exit 44 is errSecItemNotFound; 51 and 36 come back for a locked keychain or a refused dialog.
    private const int NotFound = 44;

    public string Description => "macOS keychain (security)";

    public async Task<string?> ReadAsync(SecretKey key, CancellationToken cancellationToken)
    {
        var (code, output) = await RunAsync(["find-generic-password", "-s", key.Service, "-a", key.Account, "-w"], null, cancellationToken);
        if (code == NotFound) return null;
        Check(code, "find-generic-password");
        return output.TrimEnd('\n');
    }

    public async Task WriteAsync(SecretKey key, SecretKind kind, string label, string secret, CancellationToken cancellationToken)
    {
        var line = $"add-generic-password -U -s {Quote(key.Service)} -a {Quote(key.Account)} -l {Quote(label)} -j {Quote(KindComment + SecretKinds.Name(kind))} -X {Convert.ToHexString(Encoding.UTF8.GetBytes(secret))}\n";
        var (code, _) = await RunAsync(["-i"], line, cancellationToken);
        Check(code, "add-generic-password");
    }

    public async Task<int> DeleteAsync(SecretKey key, CancellationToken cancellationToken)
    {
        var removed = 0;
        // Each call removes the first match; a bounded loop removes duplicates too.
        for (var i = 0; i < 16; i++)
        {
            var (code, _) = await RunAsync(["delete-generic-password", "-s", key.Service, "-a", key.Account], null, cancellationToken);
            if (code == NotFound) break;
            Check(code, "delete-generic-password");
            removed++;
        }
        return removed;
    }

    public async Task<IReadOnlyList<StoredSecret>> ListOursAsync(CancellationToken cancellationToken)
    {
        // Only the services SamlAssume names by default can be enumerated without dumping the whole keychain.
        var found = new List<StoredSecret>();
        foreach (var service in KeyringItems.OurServices)
        {
            var (code, output) = await RunAsync(["find-generic-password", "-s", service], null, cancellationToken);
            if (code == NotFound) continue;
            Check(code, "find-generic-password");
            var account = Attribute(output, "acct");
            var kind = Attribute(output, "icmt") is { } comment && comment.StartsWith(KindComment, StringComparison.Ordinal) ? SecretKinds.Parse(comment[KindComment.Length..]) : null;
            found.Add(new StoredSecret(new SecretKey(service, account ?? ""), kind, Attribute(output, "0x00000007") ?? service));
        }
        return found;
    }

    private static string? Attribute(string output, string name)
    {
        foreach (var line in output.Split('\n'))
        {
            var at = line.IndexOf($"\"{name}\"", StringComparison.Ordinal);
            if (at < 0) continue;
            var quote = line.IndexOf("=\"", at, StringComparison.Ordinal);
            if (quote < 0) return null;
            return line[(quote + 2)..].TrimEnd().TrimEnd('"');
        }
        return null;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    private static void Check(int code, string what)
    {
        if (code == 0) return;
        throw code is 36 or 51 or 128
            ? new KeyringUnavailableException(KeyringProblem.Locked, $"the macOS keychain is locked or refused access ({what} exit {code}): unlock it and try again")
            : new KeyringUnavailableException(KeyringProblem.Failed, $"the macOS keychain refused {what} (exit {code})");
    }

    private async Task<(int Code, string Output)> RunAsync(string[] args, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args) start.ArgumentList.Add(a);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            throw new KeyringUnavailableException(KeyringProblem.Absent, $"no keyring: {tool} cannot be run", e);
        }
        using (process)
        {
            if (input is not null) await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var error = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).WaitAsync(Timeout, cancellationToken);
            }
            catch (TimeoutException e)
            {
                process.Kill();
                throw new KeyringUnavailableException(KeyringProblem.Failed, $"the macOS keychain did not answer within {Timeout.TotalSeconds:0} s (a dialog waiting?)", e);
            }
            await error;
            return (process.ExitCode, await output);
        }
    }
}
