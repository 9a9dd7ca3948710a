using SamlAssume.Aws;
using SamlAssume.Cache;
using SamlAssume.Prompts;
using SamlAssume.Settings;
using Spectre.Console;

namespace SamlAssume.Login;

/// <summary>
/// <c>-l/--loop N -t/--time M</c> and <c>-x/--interactive</c>, with the Python tool's meaning: the first run now,
/// then one every M minutes, N runs in all (<c>--loop 0</c>: until interrupted, each run when
/// <see cref="CredentialExpiry.RefreshAt"/> says). The password stays in memory and the MFA device, role, region and
/// profile chosen in the first run are reused; the assertion is reused while STS would still take it. A later run whose
/// STS call fails on the network is retried with this loop's backoff — then STS's own retries are off, so each call has
/// one retry layer — then reported, and the loop goes on. A sign-in failure is reported at once (the password call is
/// never sent twice). Every wait uses
/// <see cref="CommandContext.Clock"/>, so tests run hours of loop in milliseconds.
/// </summary>
/// <param name="run">
/// One run of another strategy (many roles: the credentials that expire first, null when none was issued, and the
/// run's first failure); null runs the pipeline for its one role into the profile.
/// </param>
public sealed class LoginLoop(CommandContext context, ProgressLog log, LoginPipeline pipeline,
    Func<CancellationToken, Task<(FailureKind? Failed, TemporaryCredentials? Earliest)>>? run = null)
{
    public const int MinMinutes = 15;
    public const int MaxMinutes = 60;
    /// <summary>The Python tool's default -t.</summary>
    public const int DefaultMinutes = 45;
    /// <summary>Waits before the 2nd and 3rd attempt of a run that failed on the network.</summary>
    public static readonly TimeSpan[] RetryBackoff = [TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30)];
    /// <summary>After a failed run, <c>--loop 0</c> tries again this soon (if the old credentials last that long).</summary>
    public static readonly TimeSpan RetryAfterFailedRun = TimeSpan.FromMinutes(2);

    private readonly ProfileOrExportsDelivery delivery = new(context, log);
    /// <summary>When the last credentials arrived, on our clock: the next refresh is counted from here.</summary>
    private DateTimeOffset receivedAt;

    /// <summary>The loop's own flags, checked before any configuration is read.</summary>
    public static void Validate(LoginArguments args)
    {
        if (args.Loop < 0) throw new InvalidInput($"-l/--loop must be 0 (until interrupted) or a number of runs, not {args.Loop}");
        var timed = args.Loop != 1 && !args.Interactive;
        if (timed && args.Time is < MinMinutes or > MaxMinutes)
        {
            throw new InvalidInput($"-t/--time must be between {MinMinutes} and {MaxMinutes} minutes, not {args.Time}");
        }
    }

    public async Task<FailureKind?> RunAsync(LoginArguments args, CancellationToken cancellationToken)
    {
        if (pipeline.Settings.Profile is null && run is null)
        {
            throw new InvalidInput("-l/--loop and -x/--interactive keep a profile fresh: name it with -p/--profile");
        }

        // The first run is the ordinary login: whatever fails here fails the command.
        var started = context.Clock.GetUtcNow();
        var credentials = await RunOnceAsync(cancellationToken);
        if (args.Interactive) return await InteractiveAsync(cancellationToken);
        pipeline.Retry.RetriesSts = false;

        for (var run = 2; args.Loop == 0 || run <= args.Loop; run++)
        {
            var due = args.Loop == 0
                ? (credentials is null ? NextRetry() : CredentialExpiry.RefreshAt(receivedAt, credentials.Issued, credentials.Expiration))
                : started + TimeSpan.FromMinutes(args.Time) * (run - 1);
            var label = args.Loop == 0 ? $"run {run}" : $"run {run} of {args.Loop}";
            var wait = due - context.Clock.GetUtcNow();
            log.Step($"Next refresh ({label}) at {Cache.UtcSeconds.Format(due)} (in {Math.Max(0, wait.TotalMinutes):0} min); Ctrl-C stops.");
            if (wait > TimeSpan.Zero) await Task.Delay(wait, context.Clock, cancellationToken);
            // After a failure, --loop 0 tries again soon (NextRetry) rather than at a refresh time computed from old credentials.
            credentials = await RunWithRetriesAsync(label, cancellationToken);
        }
        return lastFailure;

        DateTimeOffset NextRetry() => context.Clock.GetUtcNow() + RetryAfterFailedRun;
    }

    /// <summary>The last run's first failure (many roles: a role that failed while the others were written).</summary>
    private FailureKind? lastFailure;

    /// <summary>One run of the pipeline: sign in again only if the assertion has expired, then STS, then the profile.</summary>
    private async Task<TemporaryCredentials?> RunOnceAsync(CancellationToken cancellationToken)
    {
        // Each run is a login of its own: a fresh network-time allowance.
        pipeline.Settings.Transport.Deadline?.Restart();
        TemporaryCredentials? credentials;
        if (run is null) credentials = await pipeline.RunAsync(delivery, cancellationToken);
        else (lastFailure, credentials) = await run(cancellationToken);
        if (credentials is null) return null;
        receivedAt = context.Clock.GetUtcNow();
        if (CredentialExpiry.ClockSkew(credentials.Issued, receivedAt) is { } skew && skew.Duration() > CredentialExpiry.ClockSkewWarning)
        {
            log.Warning($"this machine's clock is {skew.Duration().TotalMinutes:0} min {(skew > TimeSpan.Zero ? "behind" : "ahead of")} AWS STS's: refreshes are timed from STS's clock (the credentials last {(credentials.Expiration - credentials.Issued!.Value).TotalMinutes:0} min), but fix the clock (NTP)");
        }
        return credentials;
    }

    /// <summary>A later run: an unavailable STS retried with backoff; any failure reported, never fatal.</summary>
    private async Task<TemporaryCredentials?> RunWithRetriesAsync(string label, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await RunOnceAsync(cancellationToken);
            }
            // What no later run can fix by itself (a code or password is needed and there is no terminal) stops the loop.
            catch (Exception e) when ((e is not OperationCanceledException || !cancellationToken.IsCancellationRequested) && FailureKinds.Of(e).Kind != FailureKind.Usage)
            {
                var message = FailureKinds.Of(e).Message;
                if (e is StsUnavailable && attempt <= RetryBackoff.Length)
                {
                    var backoff = RetryBackoff[attempt - 1];
                    log.Warning($"{label} failed ({message}); retrying in {backoff.TotalSeconds:0} s");
                    // A 5xx may have come from an assertion STS saw; a fresh one costs nothing when it is still valid.
                    await Task.Delay(backoff, context.Clock, cancellationToken);
                    continue;
                }
                log.Warning($"{label} failed: {message}; {(pipeline.Settings.Profile is { } profile ? $"profile [{profile}] keeps its" : "the profiles keep their")} previous credentials and the loop goes on");
                return null;
            }
        }
    }

    private async Task<FailureKind?> InteractiveAsync(CancellationToken cancellationToken)
    {
        const string AnotherRole = "Take another role (same user)";
        const string ChangeUser = "Change user";
        const string NewProfile = "Write another profile name";
        const string Quit = "Quit";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!context.IsInteractive) return null;
            var answer = ChoicePrompt.Menu(context.Console, "What next?", [AnotherRole, ChangeUser, NewProfile, Quit], c => c, Quit, context.Interrupt);
            switch (answer)
            {
                case AnotherRole:
                    pipeline.ChooseAnotherRole();
                    break;
                case ChangeUser:
                    pipeline.ChangeUser();
                    break;
                case NewProfile:
                    pipeline.DeliverToProfile(Prompts.InterruptiblePrompt.Ask(context.Console, new TextPrompt<string>("Profile name:"), context.Interrupt).Trim());
                    break;
                default:
                    return null;
            }
            try
            {
                await RunOnceAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.Warning($"that run failed: {FailureKinds.Of(e).Message}");
            }
        }
    }
}
