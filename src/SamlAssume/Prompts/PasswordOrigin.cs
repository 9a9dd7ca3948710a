namespace SamlAssume.Prompts;

/// <summary>Where a sign-in's password came from, which decides what the keyring does after OneLogin answers.</summary>
public enum PasswordOrigin
{
    /// <summary>Flag, environment or stdin: the user manages it; stored only with --save-password.</summary>
    Given,
    /// <summary>Typed at the prompt: offered to the keyring after it worked.</summary>
    Typed,
    /// <summary>Read from the keyring: removed from it if OneLogin rejects it.</summary>
    Keyring,
}
