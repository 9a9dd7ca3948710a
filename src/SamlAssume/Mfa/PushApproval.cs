using SamlAssume.IdP.OneLogin;
using SamlAssume.Net;
using Spectre.Console;

namespace SamlAssume.Mfa;

/// <summary>How a push wait ended, other than denial (which throws).</summary>
public abstract record PushOutcome;

/// <summary>Approved on the phone: the base64 SAMLResponse.</summary>
public sealed record PushApproved(string SamlResponse, TimeSpan Waited) : PushOutcome
{
    public override string ToString() => $"PushApproved {{ Waited = {Waited} }}";
}

/// <summary>The user typed the app's code before the push was approved; it still has to be verified.</summary>
public sealed record PushCodeTyped(string Code) : PushOutcome
{
    public override string ToString() => "PushCodeTyped { Code = <redacted> }";
}

/// <summary>Nobody answered within --mfa-timeout.</summary>
public sealed record PushTimedOut(TimeSpan Waited) : PushOutcome;

/// <summary>
/// OneLogin Protect: sends the push (verify_factor with do_not_notify false), then polls it (do_not_notify true) on
/// <see cref="PushPollSchedule"/> until it is approved, denied, or <c>--mfa-timeout</c> passes. At a terminal it
/// shows a spinner with the elapsed time while a <see cref="TypedCodeReader"/> races the poll: the user may type the
/// app's 6-digit code instead, and whichever comes first wins; the loser is cancelled and awaited, so no poll keeps
/// running and no key reader is left behind. Ctrl-C cancels both.
/// </summary>
public sealed class PushApproval(IOneLoginApi api, CommandContext context, ProgressLog log, TimeSpan timeout, PushPollSchedule schedule)
{
    /// <summary>How often the spinner's elapsed time and typed-code dots are redrawn.</summary>
    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(200);

    public async Task<PushOutcome> WaitAsync(MfaRequired challenge, string appId, MfaDevice device, CancellationToken cancellationToken)
    {
        var clock = context.Clock;
        var sentAt = clock.GetTimestamp();
        var sent = await Verify(new VerifyFactorRequest(appId, device.DeviceId, challenge.StateToken, DoNotNotify: false), device, cancellationToken);
        if (sent is AssertionIssued immediate) return new PushApproved(immediate.SamlResponse, clock.GetElapsedTime(sentAt));
        log.Detail($"push sent to {device.DeviceType} (device {device.DeviceId}); polling for up to {timeout.TotalSeconds:0} s");

        if (!context.IsInteractive)
        {
            log.Step($"Approve the sign-in on your phone ({device.DeviceType}); waiting up to {timeout.TotalSeconds:0} s.");
            return await PollAsync(appId, device, challenge.StateToken, sentAt, cancellationToken);
        }

        var reader = new TypedCodeReader(context.Console.Input);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var poll = PollAsync(appId, device, challenge.StateToken, sentAt, stop.Token);
        var typed = reader.ReadAsync(stop.Token);
        try
        {
            if (context.Console.Profile.Capabilities.Ansi)
            {
                // This spinner already says what is awaited: the network's would draw over it.
                using var quiet = context.NetworkWaits.Quiet();
                log.Step($"Push sent to {device.DeviceType}.");
                await context.Console.Status().Spinner(Spinner.Known.Dots).StartAsync(StatusText(TimeSpan.Zero, 0), async status =>
                {
                    while (!poll.IsCompleted && !typed.IsCompletedSuccessfully)
                    {
                        status.Status(StatusText(clock.GetElapsedTime(sentAt), reader.Length));
                        await Task.WhenAny(poll, typed.IsFaulted ? poll : typed, Task.Delay(RefreshInterval, clock, CancellationToken.None));
                    }
                });
            }
            else
            {
                // A terminal without cursor control: one line, no redraws.
                log.Step($"Approve the sign-in on your phone ({device.DeviceType}), or type the code from the app and press Enter (waiting up to {timeout.TotalSeconds:0} s):");
                while (!poll.IsCompleted && !typed.IsCompletedSuccessfully)
                {
                    await Task.WhenAny(poll, typed);
                    if (typed.IsFaulted) break;
                }
            }

            if (!poll.IsCompleted && typed.IsCompletedSuccessfully)
            {
                // The code won; stop polling, but an approval that landed meanwhile still counts.
                await stop.CancelAsync();
                if (await SettleAsync(poll, cancellationToken) is PushApproved late) return late;
                log.Step("Code typed; checking it with OneLogin.");
                return new PushCodeTyped(typed.Result);
            }
            if (typed.IsFaulted)
            {
                // No usable keyboard after all (a closed stdin): the push alone decides.
                log.Detail($"cannot read typed keys ({typed.Exception!.InnerException?.GetType().Name}); waiting for the push only");
            }
            return await poll;
        }
        finally
        {
            await stop.CancelAsync();
            try { await typed; } catch (Exception) { /* cancelled or faulted: either way it no longer reads keys */ }
            try { await poll; } catch (Exception) { /* already observed above, or cancelled by the code winning */ }
        }
    }

    private async Task<PushOutcome> PollAsync(string appId, MfaDevice device, string stateToken, long sentAt, CancellationToken cancellationToken)
    {
        var clock = context.Clock;
        var request = new VerifyFactorRequest(appId, device.DeviceId, stateToken, DoNotNotify: true);
        var failuresInARow = 0;
        TimeSpan? backoff = null;
        while (true)
        {
            var elapsed = clock.GetElapsedTime(sentAt);
            if (elapsed >= timeout) return new PushTimedOut(elapsed);
            var delay = schedule.DelayAfter(elapsed);
            if (backoff > delay) delay = backoff.Value;
            // The last poll lands on the deadline, not after it, and is the last: a timer that fires a hair early
            // must not buy a string of extra millisecond polls.
            var lastPoll = delay >= timeout - elapsed;
            if (lastPoll) delay = timeout - elapsed;
            await Task.Delay(delay, clock, cancellationToken);
            AssertionOutcome polled;
            try
            {
                polled = await Verify(request, device, cancellationToken);
                failuresInARow = 0;
                backoff = null;
            }
            catch (OneLoginException e) when (!lastPoll && NetworkRetry.PushPollRetryDelay(e, failuresInARow + 1) is { } wait)
            {
                // A 429 or 5xx while polling says nothing about the push, which is still on the phone: keep asking,
                // more slowly, until --mfa-timeout. Only polls are repeated; the push is never sent again.
                failuresInARow++;
                backoff = wait;
                log.Detail($"push poll failed ({e.Message}); polling again in {wait.TotalSeconds:0.0} s");
                continue;
            }
            if (polled is AssertionIssued issued)
            {
                return new PushApproved(issued.SamlResponse, clock.GetElapsedTime(sentAt));
            }
            if (lastPoll) return new PushTimedOut(clock.GetElapsedTime(sentAt));
        }
    }

    private async Task<AssertionOutcome> Verify(VerifyFactorRequest request, MfaDevice device, CancellationToken cancellationToken)
    {
        try
        {
            return await api.VerifyFactorAsync(request, cancellationToken);
        }
        catch (OneLoginException e) when (e.Kind == OneLoginErrorKind.FactorFailed)
        {
            // For a push, "Failed authentication with this factor" is the phone's Deny button.
            throw new MfaFailed($"the push to {device.DeviceType} was denied on the phone: sign-in cancelled (if that was not you, tell your OneLogin admin)", e);
        }
    }

    /// <summary>The poll's result after it was cancelled: an approval if it had one, else null.</summary>
    private static async Task<PushOutcome?> SettleAsync(Task<PushOutcome> poll, CancellationToken cancellationToken)
    {
        try
        {
            return await poll;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (MfaFailed)
        {
            // Denied in the same instant the code was typed: the code decides.
            return null;
        }
        catch (OneLoginException)
        {
            return null;
        }
    }

    /// <summary>Short enough for an 80-column terminal, where a wrapped spinner line redraws badly.</summary>
    private string StatusText(TimeSpan elapsed, int typed)
    {
        var text = $"Approve the sign-in on your phone, or type the app's code · {elapsed.TotalSeconds:0} s of {timeout.TotalSeconds:0} s";
        if (typed > 0) text += " · " + new string('•', typed);
        return Markup.Escape(text);
    }
}
