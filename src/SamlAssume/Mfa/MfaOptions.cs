namespace SamlAssume.Mfa;

/// <summary>How one login may complete MFA.</summary>
/// <param name="Device">--mfa-device, or null to choose.</param>
/// <param name="Otp">--otp or ONELOGIN_OTP; used for the first code only, never sent twice.</param>
/// <param name="PushTimeout">--mfa-timeout: how long to wait for a push approval.</param>
/// <param name="PollSchedule">When to ask whether the push was approved.</param>
public sealed record MfaOptions(string? Device, string? Otp, TimeSpan PushTimeout, PushPollSchedule PollSchedule)
{
    public const int MaxCodeAttempts = 3;

    public static readonly TimeSpan DefaultPushTimeout = TimeSpan.FromSeconds(60);
    /// <summary>Told which device was used, so a refresh loop can use the same one without asking again.</summary>
    public Action<IdP.OneLogin.MfaDevice>? DeviceChosen { get; init; }
    /// <summary>How to tell the user to give a code when there is no terminal (--otp only where the command takes it).</summary>
    public Prompts.SignInAdvice Advice { get; init; } = Prompts.SignInAdvice.LoginFlags;

    public override string ToString() => $"MfaOptions {{ Device = {Device}, PushTimeout = {PushTimeout} }}";
}
