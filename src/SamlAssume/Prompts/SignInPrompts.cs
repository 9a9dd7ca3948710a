using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>The user's answers needed to sign in, after prompts filled what settings left open.</summary>
public sealed record SignInIdentity(string Username, string Password, string AppId, string Subdomain)
{
    public PasswordOrigin PasswordOrigin { get; init; } = PasswordOrigin.Given;

    public override string ToString() => $"SignInIdentity {{ Username = {Username}, AppId = {AppId}, Subdomain = {Subdomain} }}";
}

/// <summary>
/// Asks for what is missing in the Python tool's order — username, password (hidden), app id, subdomain — when a
/// person is there, and never otherwise: without a terminal, the error names the flags that would answer it.
/// A password not given is looked up in the keyring (<c>storedPassword</c>, by username) before it is asked.
/// </summary>
public sealed class SignInPrompts(CommandContext context, Prompts.SignInAdvice? advice = null)
{
    public SignInIdentity Complete(string? username, string? password, string? appId, string? subdomain, Func<string, string?>? storedPassword = null)
    {
        var origin = PasswordOrigin.Given;
        var lookedUp = false;
        if (string.IsNullOrEmpty(password) && !string.IsNullOrWhiteSpace(username)) UseStored(username.Trim());
        if (!context.IsInteractive)
        {
            // Each item says where it may come from, in what this command accepts; the password never from a file.
            var say = advice ?? Prompts.SignInAdvice.LoginFlags;
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(username)) missing.Add(say.Username);
            if (string.IsNullOrEmpty(password)) missing.Add(say.Password);
            if (string.IsNullOrWhiteSpace(appId)) missing.Add(say.AppId);
            if (string.IsNullOrWhiteSpace(subdomain)) missing.Add(say.Subdomain);
            if (missing.Count > 0)
            {
                throw new InvalidInput($"missing {string.Join("; ", missing)}: there is no terminal to ask");
            }
        }
        var user = Ask(username, "OneLogin username or email:", secret: false);
        if (string.IsNullOrEmpty(password) && !lookedUp) UseStored(user);
        if (string.IsNullOrEmpty(password)) origin = PasswordOrigin.Typed;
        return new SignInIdentity(
            user,
            Ask(password, PasswordQuestion(user), secret: true),
            Ask(appId, "OneLogin app ID of AWS:", secret: false),
            Ask(subdomain, "OneLogin subdomain:", secret: false)) { PasswordOrigin = origin };

        void UseStored(string name)
        {
            lookedUp = true;
            if (storedPassword?.Invoke(name) is { Length: > 0 } stored)
            {
                password = stored;
                origin = PasswordOrigin.Keyring;
            }
        }
    }

    /// <summary>The password again, after OneLogin refused the one the keyring held.</summary>
    public string AskPassword(string user) => Ask(null, PasswordQuestion(user), secret: true);

    /// <summary>Names the user, so a wrong username is noticed before its password is typed.</summary>
    private static string PasswordQuestion(string user) => $"[[{Markup.Escape(user)}]] OneLogin password:";

    private string Ask(string? value, string question, bool secret)
    {
        if (!string.IsNullOrEmpty(value)) return secret ? value : value.Trim();
        var prompt = new TextPrompt<string>(question);
        if (secret) prompt = prompt.Secret();
        return InterruptiblePrompt.Ask(context.Console, prompt, context.Interrupt).Trim();
    }
}
