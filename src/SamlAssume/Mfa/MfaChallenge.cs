using SamlAssume.Cli;
using SamlAssume.IdP.Mfa;
using SamlAssume.IdP.OneLogin;
using Spectre.Console;

namespace SamlAssume.Mfa;

/// <summary>
/// Answers OneLogin's "MFA is required" with one device: sends a push and polls it, triggers an SMS/email/voice code,
/// or asks for a code. A rejected code is never sent again and at most <see cref="MfaOptions.MaxCodeAttempts"/> are
/// tried, so we never lock a user out. "State token is invalid or expired" propagates: the sign-in starts over.
/// </summary>
public sealed class MfaChallenge(IOneLoginApi api, CommandContext context, ProgressLog log, MfaOptions options)
{
    /// <returns>The base64 SAMLResponse.</returns>
    public async Task<string> CompleteAsync(MfaRequired challenge, string appId, CancellationToken cancellationToken)
    {
        var device = new MfaDeviceSelector(context).Select(challenge.Devices, options.Device);
        options.DeviceChosen?.Invoke(device);
        var factor = MfaFactors.Classify(device.DeviceType);
        log.Detail($"MFA with {device.DeviceType} (device {device.DeviceId})");

        if (factor == MfaFactor.Push && options.Otp is null)
        {
            return await ApprovePushAsync(challenge, appId, device, cancellationToken);
        }
        if (MfaFactors.IsTriggered(factor) && options.Otp is null)
        {
            var sent = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken), cancellationToken);
            if (sent is AssertionIssued early) return early.SamlResponse;
            log.Step($"OneLogin sent a code by {MfaFactors.Describe(factor)}.");
        }
        return await SubmitCodesAsync(challenge, appId, device, factor, cancellationToken);
    }

    private async Task<string> SubmitCodesAsync(MfaRequired challenge, string appId, MfaDevice device, MfaFactor factor, CancellationToken cancellationToken)
    {
        var rejected = new HashSet<string>(StringComparer.Ordinal);
        var preset = options.Otp;
        for (var attempt = 1; attempt <= MfaOptions.MaxCodeAttempts; attempt++)
        {
            string code;
            if (preset is not null)
            {
                code = preset.Trim();
                preset = null;
            }
            else if (context.IsInteractive)
            {
                code = AskCode(factor, rejected);
            }
            else if (attempt == 1)
            {
                throw CommandFailure.Usage($"{device.DeviceType} needs a code and there is no terminal to ask for it: pass --otp or set ONELOGIN_OTP");
            }
            else
            {
                throw new CommandFailure(ExitCodes.MfaFailed, "OneLogin rejected the MFA code (Failed authentication with this factor); it was not sent again");
            }

            try
            {
                var outcome = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken, code), cancellationToken);
                if (outcome is AssertionIssued issued) return issued.SamlResponse;
                throw new CommandFailure(ExitCodes.MfaFailed, $"OneLogin did not accept the code yet ({Sanitise(outcome)}); try again");
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
        throw new CommandFailure(ExitCodes.MfaFailed,
            $"OneLogin rejected {MfaOptions.MaxCodeAttempts} MFA codes; stopped so your account is not locked. Check the device's clock or choose another device with --mfa-device");
    }

    private string AskCode(MfaFactor factor, HashSet<string> rejected)
    {
        while (true)
        {
            var code = context.Console.Prompt(new TextPrompt<string>($"Code from your {Markup.Escape(MfaFactors.Describe(factor))}:").Secret()).Trim();
            if (code.Length == 0) continue;
            if (!rejected.Contains(code)) return code;
            // Sending a code OneLogin already rejected only burns an attempt towards a lockout.
            log.Warning("OneLogin already rejected that code; wait for the next one.");
        }
    }

    private async Task<string> ApprovePushAsync(MfaRequired challenge, string appId, MfaDevice device, CancellationToken cancellationToken)
    {
        var started = context.Clock.GetTimestamp();
        var outcome = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken, DoNotNotify: false), cancellationToken);
        if (outcome is AssertionIssued immediate) return immediate.SamlResponse;
        log.Step("Approve the sign-in on your phone (OneLogin Protect)…");
        try
        {
            while (true)
            {
                if (context.Clock.GetElapsedTime(started) >= options.PushTimeout)
                {
                    throw new CommandFailure(ExitCodes.MfaFailed,
                        $"the push was not approved within {options.PushTimeout.TotalSeconds:0} s: approve it sooner, raise --mfa-timeout, or pass a code with --otp");
                }
                await Task.Delay(options.PollInterval, context.Clock, cancellationToken);
                outcome = await api.VerifyFactorAsync(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken, DoNotNotify: true), cancellationToken);
                if (outcome is AssertionIssued issued)
                {
                    log.Detail($"push approved after {context.Clock.GetElapsedTime(started).TotalSeconds:0.0} s");
                    return issued.SamlResponse;
                }
            }
        }
        catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.FactorFailed)
        {
            throw new CommandFailure(ExitCodes.MfaFailed, "the push was denied on the phone: sign-in cancelled");
        }
    }

    private static string Sanitise(AssertionOutcome outcome) => outcome is FactorPending pending ? pending.Message : outcome.GetType().Name;
}
