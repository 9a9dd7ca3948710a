using Spectre.Console;

namespace SamlAssume.Prompts;

/// <summary>The user's answers needed to sign in, after prompts filled what settings left open.</summary>
public sealed record SignInIdentity(string Username, string Password, string AppId, string Subdomain)
{
    public override string ToString() => $"SignInIdentity {{ Username = {Username}, AppId = {AppId}, Subdomain = {Subdomain} }}";
}

/// <summary>
/// Asks for what is missing in the Python tool's order — username, password (hidden), app id, subdomain — when a
/// person is there, and never otherwise: without a terminal, the error names the flags that would answer it.
/// </summary>
public sealed class SignInPrompts(CommandContext context)
{
    public SignInIdentity Complete(string? username, string? password, string? appId, string? subdomain)
    {
        if (!context.IsInteractive)
        {
            var missing = new List<string>();
            if (string.IsNullOrWhiteSpace(username)) missing.Add("-u/--onelogin-username");
            if (string.IsNullOrEmpty(password)) missing.Add("the password (ONELOGIN_PASSWORD or --onelogin-password)");
            if (string.IsNullOrWhiteSpace(appId)) missing.Add("-a/--onelogin-app-id");
            if (string.IsNullOrWhiteSpace(subdomain)) missing.Add("-d/--onelogin-subdomain");
            if (missing.Count > 0)
            {
                throw new InvalidInput($"missing {string.Join(", ", missing)}: there is no terminal to ask (or set them in onelogin.aws.json)");
            }
        }
        return new SignInIdentity(
            Ask(username, "OneLogin username or email:", secret: false),
            Ask(password, "OneLogin password:", secret: true),
            Ask(appId, "OneLogin app ID of AWS:", secret: false),
            Ask(subdomain, "OneLogin subdomain:", secret: false));
    }

    private string Ask(string? value, string question, bool secret)
    {
        if (!string.IsNullOrEmpty(value)) return secret ? value : value.Trim();
        var prompt = new TextPrompt<string>(question);
        if (secret) prompt = prompt.Secret();
        return context.Console.Prompt(prompt).Trim();
    }
}
