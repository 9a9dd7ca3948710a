using SamlAssume.Keyring;
using SamlAssume.Prompts;
using Spectre.Console;

namespace SamlAssume.Sources.OneLogin;

/// <summary>
/// The login's use of the keyring for the OneLogin password: read before the prompt, removed when OneLogin rejects it
/// (never sent again, asked afresh only when a person is there), and stored after a sign-in it made — asked at a
/// terminal, or without asking with --save-password or OneLogin's keychain flags. A keyring that is missing or
/// locked costs one warning line (only a verbose note when nobody asked for the keyring) and the usual prompt.
/// </summary>
public sealed class KeyringPassword(CommandContext context, ProgressLog log, KeychainOptions options)
{
    private ISecretStore? store;
    private bool unavailable;
    /// <summary>Users whose password was kept or offered already: a loop signs in again, and asks no second time.</summary>
    private readonly HashSet<string> settled = new(StringComparer.Ordinal);

    private ISecretStore Store => store ??= context.OpenKeyring(context);

    /// <summary>The stored password for <paramref name="username"/>, or null (none, or no usable keyring).</summary>
    public string? Find(string username)
    {
        var key = Key(username);
        try
        {
            var password = KeyringCall.Run(ct => Store.ReadAsync(key, ct));
            log.Detail(password is null ? $"no OneLogin password in the keyring under {key}" : $"OneLogin password from the keyring ({key})");
            return password;
        }
        catch (KeyringUnavailableException e)
        {
            Unavailable(e, "asking for the password instead");
            return null;
        }
    }

    /// <summary>
    /// OneLogin refused the password the keyring held: it leaves the keyring, and the identity comes back with a
    /// password typed now — or, with nobody to ask, the login fails saying so.
    /// </summary>
    public SignInIdentity Rejected(SignInIdentity identity)
    {
        var key = Key(identity.Username);
        string what;
        try
        {
            what = KeyringCall.Run(ct => Store.DeleteAsync(key, ct)) > 0 ? "it was removed from the keyring" : "it is no longer in the keyring";
        }
        catch (KeyringUnavailableException e)
        {
            Unavailable(e, "the rejected password could not be removed");
            what = "it is still in the keyring";
        }
        if (!context.IsInteractive)
        {
            throw new SignInRefused(
                $"OneLogin rejected the password stored in the keyring ({key}): {what}; sign in at a terminal to type the new one, or store it with samlassume keyring set-password");
        }
        log.Warning($"OneLogin rejected the password stored in the keyring ({key}); {what}. Type the current one.");
        return identity with { Password = new SignInPrompts(context).AskPassword(identity.Username), PasswordOrigin = PasswordOrigin.Typed };
    }

    /// <summary>OneLogin accepted the password: keep it, asked or as told (once per command).</summary>
    public void SignedIn(SignInIdentity identity)
    {
        if (identity.PasswordOrigin == PasswordOrigin.Keyring || unavailable || !settled.Add(identity.Username)) return;
        var told = options.Requested;
        var key = Key(identity.Username);
        if (!told)
        {
            // Offered only for a password just typed by a person; flags and the environment are the user's own choice.
            // The keyring answered the lookup before the prompt, or this point is not reached (unavailable).
            if (identity.PasswordOrigin != PasswordOrigin.Typed || !context.IsInteractive) return;
            if (!context.Console.Confirm($"Store the OneLogin password in the keyring ({key})?", defaultValue: false)) return;
        }
        try
        {
            KeyringCall.Run(async ct =>
            {
                await Store.WriteAsync(key, SecretKind.OneLoginPassword, KeyringItems.PasswordLabel(identity.Username), identity.Password, ct);
                return true;
            });
            log.Step($"Stored the OneLogin password in the keyring ({key}); samlassume keyring forget removes it.");
        }
        catch (KeyringUnavailableException e)
        {
            Unavailable(e, "the password was not stored");
        }
    }

    private SecretKey Key(string username) => KeyringItems.OneLoginPassword(options.Service, options.Account, username);

    private void Unavailable(KeyringUnavailableException e, string consequence)
    {
        unavailable = true;
        // Nobody asked and there is simply none (ssh, CI): not worth a line on every login.
        if (!options.Requested && e.Problem == KeyringProblem.Absent) log.Detail($"{e.Message}; {consequence}");
        else log.Warning($"{e.Message}; {consequence}");
    }
}
