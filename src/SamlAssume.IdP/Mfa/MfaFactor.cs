namespace SamlAssume.IdP.Mfa;

/// <summary>What a device asks of the user. OneLogin names devices by a free <c>device_type</c> string.</summary>
public enum MfaFactor
{
    /// <summary>OneLogin Protect: approve on the phone (or type its code).</summary>
    Push,
    /// <summary>A code OneLogin sends when the factor is triggered.</summary>
    Sms,
    Email,
    Voice,
    /// <summary>A code the user reads off a device or app.</summary>
    Authenticator,
    YubiKey,
    Duo,
    RsaSecurId,
    Authy,
    /// <summary>A type we do not recognise: asking for a code is the only safe assumption.</summary>
    Unknown,
}

/// <summary>Classifies OneLogin's <c>device_type</c> strings and the short names users type for <c>--mfa-device</c>.</summary>
public static class MfaFactors
{
    /// <summary>
    /// By keyword, not by exact string: admins can rename devices (onelogin-python-aws-assume-role PR #99) and only
    /// some type strings are documented ("OneLogin Protect", "OneLogin SMS", "Google Authenticator", "Yubico YubiKey",
    /// "Duo Duo Security").
    /// </summary>
    public static MfaFactor Classify(string deviceType)
    {
        var type = deviceType.ToLowerInvariant();
        if (type.Contains("protect")) return MfaFactor.Push;
        if (type.Contains("sms") || type.Contains("text")) return MfaFactor.Sms;
        if (type.Contains("email")) return MfaFactor.Email;
        if (type.Contains("voice")) return MfaFactor.Voice;
        if (type.Contains("yubi")) return MfaFactor.YubiKey;
        if (type.Contains("duo")) return MfaFactor.Duo;
        if (type.Contains("rsa") || type.Contains("securid")) return MfaFactor.RsaSecurId;
        if (type.Contains("authy")) return MfaFactor.Authy;
        if (type.Contains("authenticator") || type.Contains("totp") || type.Contains("otp")) return MfaFactor.Authenticator;
        return MfaFactor.Unknown;
    }

    /// <summary>Factors that deliver a code only after the first verify_factor call without one.</summary>
    public static bool IsTriggered(MfaFactor factor) => factor is MfaFactor.Sms or MfaFactor.Email or MfaFactor.Voice;

    /// <summary>The short name a user may type for <c>--mfa-device</c>, or null if the word is not one.</summary>
    public static MfaFactor? FromShortName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "push" or "protect" => MfaFactor.Push,
        "sms" => MfaFactor.Sms,
        "email" => MfaFactor.Email,
        "voice" => MfaFactor.Voice,
        "totp" or "authenticator" or "google" => MfaFactor.Authenticator,
        "yubikey" or "yubico" => MfaFactor.YubiKey,
        "duo" => MfaFactor.Duo,
        "rsa" or "securid" => MfaFactor.RsaSecurId,
        "authy" => MfaFactor.Authy,
        _ => null,
    };

    /// <summary>Words for messages: where a code went, or what to look at.</summary>
    public static string Describe(MfaFactor factor) => factor switch
    {
        MfaFactor.Push => "OneLogin Protect",
        MfaFactor.Sms => "SMS",
        MfaFactor.Email => "email",
        MfaFactor.Voice => "voice call",
        MfaFactor.Authenticator => "authenticator app",
        MfaFactor.YubiKey => "YubiKey",
        MfaFactor.Duo => "Duo",
        MfaFactor.RsaSecurId => "RSA SecurID",
        MfaFactor.Authy => "Authy",
        _ => "MFA device",
    };
}
