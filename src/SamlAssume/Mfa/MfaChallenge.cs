using SamlAssume.IdP.Mfa;
using SamlAssume.IdP.OneLogin;
using Spectre.Console;

namespace SamlAssume.Mfa;

/// <summary>
/// Answers OneLogin's "MFA is required" with one device: a push (<see cref="PushApproval"/>, or the app's code typed
/// meanwhile), an SMS/email/voice code it triggers, or a code read off a device. A rejected code is never sent again
/// and at most <see cref="MfaOptions.MaxCodeAttempts"/> are tried, so we never lock a user out.
/// "State token is invalid or expired" propagates: <see cref="Login.OneLoginSignIn"/> starts over once.
/// </summary>
public sealed class MfaChallenge(IOneLoginApi api, CommandContext context, ProgressLog log, MfaOptions options)
{
    /// <summary>A Yubico OTP: 12 characters of public id and 32 of encrypted counter, in modhex.</summary>
    private const int YubiKeyOtpLength = 44;

    /// <returns>The base64 SAMLResponse.</returns>
    public async Task<string> CompleteAsync(MfaRequired challenge, string appId, CancellationToken cancellationToken)
    {
        var device = new MfaDeviceSelector(context).Select(challenge.Devices, options.Device);
        options.DeviceChosen?.Invoke(device);
        var factor = MfaFactors.Classify(device.DeviceType);
        log.Detail($"MFA with {device.DeviceType} (device {device.DeviceId})");
        var firstCode = options.Otp;

        if (factor == MfaFactor.Push && firstCode is null)
        {
            var outcome = await new PushApproval(api, context, log, options.PushTimeout, options.PollSchedule)
                .WaitAsync(challenge, appId, device, cancellationToken);
            switch (outcome)
            {
                case PushApproved approved:
                    log.Step($"Push approved after {approved.Waited.TotalSeconds:0.0} s.");
                    return approved.SamlResponse;
                case PushCodeTyped typed:
                    firstCode = typed.Code;
                    break;
                case PushTimedOut:
                    firstCode = CodeAfterTimeout(device);
                    break;
            }
        }
        else if (MfaFactors.IsTriggered(factor) && firstCode is null)
        {
            if (!context.IsInteractive)
            {
                // Checked before triggering: an SMS nobody can type in is only noise on the user's phone.
                throw new InvalidInput(
                    $"{device.DeviceType} sends its code during the login and there is no terminal to type it in: run at a terminal, or choose a device whose code you can pass with --otp or ONELOGIN_OTP (--mfa-device totp)");
            }
            var sent = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken), cancellationToken);
            if (sent is AssertionIssued early) return early.SamlResponse;
            log.Step(WhereSent(factor, device, challenge.User));
        }
        return await SubmitCodesAsync(challenge, appId, device, factor, firstCode, cancellationToken);
    }

    /// <summary>After a push timed out: at a terminal, offer the app's code; otherwise (or on Enter) give up.</summary>
    private string CodeAfterTimeout(MfaDevice device)
    {
        var message = $"the push to {device.DeviceType} was not approved within {options.PushTimeout.TotalSeconds:0} s";
        if (!context.IsInteractive)
        {
            throw new MfaFailed($"{message}: {options.Advice.PushNotApproved}");
        }
        log.Step($"The push was not approved within {options.PushTimeout.TotalSeconds:0} s.");
        var code = Prompts.InterruptiblePrompt.Ask(context.Console, new TextPrompt<string>(Markup.Escape($"Type the code from the {device.DeviceType} app instead (Enter gives up):"))
            .Secret().AllowEmpty(), context.Interrupt).Trim();
        if (code.Length == 0)
        {
            throw new MfaFailed($"{message} and no code was typed instead: run again, or raise --mfa-timeout");
        }
        return code;
    }

    private async Task<string> SubmitCodesAsync(MfaRequired challenge, string appId, MfaDevice device, MfaFactor factor, string? firstCode, CancellationToken cancellationToken)
    {
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var preset = firstCode;
        for (var attempt = 1; attempt <= MfaOptions.MaxCodeAttempts; attempt++)
        {
            string code;
            if (preset is not null)
            {
                code = preset.Trim();
                preset = null;
                if (factor == MfaFactor.YubiKey && code.Length != YubiKeyOtpLength)
                {
                    // The same check as a typed code: a truncated or mistyped OTP is not sent, so no attempt is burnt.
                    var why = $"the code from {options.Advice.OtpSource} is {code.Length} characters and a YubiKey code is {YubiKeyOtpLength}; it was not sent";
                    if (!context.IsInteractive) throw new InvalidInput(why);
                    log.Warning($"{why}; touch the key.");
                    code = AskCode(device, factor, rejected);
                }
            }
            else if (context.IsInteractive)
            {
                code = AskCode(device, factor, rejected);
            }
            else if (attempt == 1)
            {
                throw new InvalidInput($"{device.DeviceType} needs a code and there is no terminal to ask for it: {options.Advice.Otp}");
            }
            else
            {
                throw new MfaFailed("OneLogin rejected the MFA code (Failed authentication with this factor); it was not sent again");
            }

            try
            {
                var outcome = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken, code), cancellationToken);
                if (outcome is AssertionIssued issued) return issued.SamlResponse;
                throw new MfaFailed($"OneLogin did not accept the code yet ({Sanitise(outcome)}); try again");
            }
            catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.FactorFailed)
            {
                rejected.Add(code);
                if (attempt < MfaOptions.MaxCodeAttempts && context.IsInteractive)
                {
                    log.Warning($"OneLogin rejected that code ({MfaOptions.MaxCodeAttempts - attempt} attempt(s) left).");
                }
            }
        }
        throw new MfaFailed($"OneLogin rejected {MfaOptions.MaxCodeAttempts} MFA codes; stopped so your account is not locked. Check the device's clock or choose another device with --mfa-device");
    }

    private string AskCode(MfaDevice device, MfaFactor factor, HashSet<string> rejected)
    {
        while (true)
        {
            var code = Prompts.InterruptiblePrompt.Ask(context.Console, new TextPrompt<string>(Markup.Escape(CodePrompt(device, factor))).Secret(), context.Interrupt).Trim();
            if (code.Length == 0) continue;
            if (factor == MfaFactor.YubiKey && code.Length != YubiKeyOtpLength)
            {
                // Not sent: a truncated or mistyped OTP would only burn an attempt.
                log.Warning($"A YubiKey code is {YubiKeyOtpLength} characters, that was {code.Length}; touch the key again.");
                continue;
            }
            if (!rejected.Contains(code)) return code;
            // Sending a code OneLogin already rejected only burns an attempt towards a lockout.
            log.Warning("OneLogin already rejected that code; wait for the next one.");
        }
    }

    /// <summary>What to type, in the words of the device at hand.</summary>
    public static string CodePrompt(MfaDevice device, MfaFactor factor) => factor switch
    {
        MfaFactor.Push => $"Code from the {device.DeviceType} app:",
        MfaFactor.Sms => "Code from the SMS:",
        MfaFactor.Email => "Code from the email:",
        MfaFactor.Voice => "Code from the voice call:",
        MfaFactor.Authenticator => $"Code from your authenticator app ({device.DeviceType}):",
        MfaFactor.YubiKey => "Touch your YubiKey (it types the code):",
        MfaFactor.Duo => "Passcode from Duo:",
        MfaFactor.RsaSecurId => "RSA SecurID passcode:",
        MfaFactor.Authy => "Code from Authy:",
        _ => $"Code from your {device.DeviceType}:",
    };

    /// <summary>Where a triggered code went. Only what OneLogin told us: the email address, else the device.</summary>
    public static string WhereSent(MfaFactor factor, MfaDevice device, OneLoginUser? user) => factor switch
    {
        MfaFactor.Email when !string.IsNullOrWhiteSpace(user?.Email) => $"OneLogin emailed a code to {user!.Email}.",
        MfaFactor.Email => $"OneLogin emailed a code to the address of your {device.DeviceType} device ({device.DeviceId}).",
        MfaFactor.Voice => $"OneLogin is calling the phone of your {device.DeviceType} device ({device.DeviceId}) to read you a code.",
        _ => $"OneLogin sent a code by SMS to the phone of your {device.DeviceType} device ({device.DeviceId}).",
    };

    private static string Sanitise(AssertionOutcome outcome) => outcome is FactorPending pending ? pending.Message : outcome.GetType().Name;
}
