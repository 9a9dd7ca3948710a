using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace SamlAssume.Sources.Browser;

/// <summary>What one browser run should do.</summary>
/// <param name="Username">Filled into the IdP's sign-in form with <paramref name="Password"/> when both are known; null leaves the form to the person.</param>
/// <param name="Code">An MFA code filled into a one-time-code field, when given.</param>
internal sealed record CaptureRequest(Uri IdpUrl, bool Headless, TimeSpan Timeout, string? Username, string? Password, string? Code)
{
    public override string ToString() => $"CaptureRequest {{ IdpUrl = {IdpUrl}, Headless = {Headless}, Timeout = {Timeout} }}";
}

/// <summary>
/// One browser sign-in: interception on for every page before the IdP is opened, the IdP's post to AWS caught while it
/// is paused inside the browser, answered locally (nothing leaves the machine), and its SAMLResponse returned.
/// </summary>
/// <remarks>
/// Fetch is enabled on the browser target, so every tab, popup and frame is covered. The event loop never waits for a
/// command the page must answer (Runtime.evaluate): while the cross-site post is paused, the page holds those until
/// the navigation is resolved, and resolving it needs this loop. Form probes therefore run beside it and report back.
/// </remarks>
internal sealed class SamlPostCapture(CdpPipe pipe, CaptureRequest request, Action<string> trace)
{
    private static readonly CdpJsonContext Json = CdpJsonContext.Default;
    private readonly HashSet<string> pages = new(StringComparer.Ordinal);
    private BrowserSignInFailed? abortedBy;
    private CancellationTokenSource? aborting;
    private int formsFilled;

    public async Task<string> RunAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(request.Timeout);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        aborting = abort;
        try
        {
            try
            {
                await pipe.SendAsync("Browser.getVersion", null, timeout.Token);
            }
            catch (IOException)
            {
                // Give the stderr reader a moment to deliver the browser's last words.
                await Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None);
                throw new BrowserSignInFailed(BrowserFailure.DidNotStart, $"the browser exited before it answered{(pipe.ExitCode is { } code ? $" (exit code {code})" : "")}{LastLine()}");
            }
            var patterns = AwsSignInPost.Patterns.Select(p => new RequestPattern(p, "Request")).ToArray();
            await pipe.SendAsync("Fetch.enable", new FetchEnableParams(patterns, false), Json.FetchEnableParams, null, timeout.Token);
            // Attaches the existing blank page and every later page and popup, each paused until it is set up.
            await pipe.SendAsync("Target.setAutoAttach", new AutoAttachParams(true, true, true), Json.AutoAttachParams, null, timeout.Token);
            string? navigated = null;
            while (true)
            {
                CdpMessage message;
                try
                {
                    message = await pipe.Events.ReadAsync(abort.Token);
                }
                catch (OperationCanceledException) when (abortedBy is not null)
                {
                    throw abortedBy;
                }
                switch (message.Method)
                {
                    case "Target.attachedToTarget":
                        navigated ??= await AttachedAsync(message.Params.Deserialize(Json.AttachedToTarget)!, timeout.Token);
                        break;
                    case "Target.detachedFromTarget":
                        if (message.Params.Deserialize(Json.DetachedFromTarget) is { } detached && pages.Remove(detached.SessionId) && pages.Count == 0 && navigated is not null)
                            throw Closed();
                        break;
                    case "Page.loadEventFired" when message.SessionId is { } page:
                        ProbeForm(page, timeout.Token);
                        break;
                    case "Fetch.requestPaused":
                        if (await PausedAsync(message.Params.Deserialize(Json.RequestPaused)!, message.SessionId, timeout.Token) is { } samlResponse) return samlResponse;
                        break;
                }
            }
        }
        catch (ChannelClosedException)
        {
            throw Closed();
        }
        catch (IOException)
        {
            throw Closed();
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new BrowserSignInFailed(BrowserFailure.TimedOut,
                $"the IdP did not post a SAMLResponse to AWS within {request.Timeout.TotalSeconds:0} s of opening {Redacted(request.IdpUrl)} (--browser-timeout)");
        }
    }

    private static BrowserSignInFailed Closed() =>
        new(BrowserFailure.Closed, "the browser was closed before the IdP posted a SAMLResponse to AWS");

    private bool sawPage;

    private string LastLine() => pipe.LastStderrLine() is { Length: > 0 } line ? $": {line}" : "";

    private async Task<string?> AttachedAsync(AttachedToTarget attached, CancellationToken cancellationToken)
    {
        var session = attached.SessionId;
        string? navigated = null;
        if (attached.TargetInfo.Type is "page" or "iframe")
        {
            if (attached.TargetInfo.Type == "page")
            {
                pages.Add(session);
                await pipe.SendAsync("Page.enable", session, cancellationToken);
            }
            // Out-of-process frames of this page attach too.
            await pipe.SendAsync("Target.setAutoAttach", new AutoAttachParams(true, true, true), Json.AutoAttachParams, session, cancellationToken);
        }
        if (attached.WaitingForDebugger) await pipe.SendAsync("Runtime.runIfWaitingForDebugger", session, cancellationToken);
        if (attached.TargetInfo.Type == "page" && !sawPage)
        {
            sawPage = true;
            trace($"opening {Redacted(request.IdpUrl)}");
            await pipe.SendAsync("Page.navigate", new NavigateParams(request.IdpUrl.AbsoluteUri), Json.NavigateParams, session, cancellationToken);
            navigated = session;
        }
        return navigated;
    }

    private async Task<string?> PausedAsync(RequestPaused paused, string? session, CancellationToken cancellationToken)
    {
        if (!AwsSignInPost.IsEndpoint(paused.Request.Url))
        {
            // Matched a pattern's glob but is not AWS's endpoint: not ours to stop.
            await pipe.SendAsync("Fetch.continueRequest", new RequestIdParams(paused.RequestId), Json.RequestIdParams, session, cancellationToken);
            return null;
        }
        trace($"caught the {paused.Request.Method} to {paused.Request.Url}");
        var body = AwsSignInPost.Body(paused.Request);
        var samlResponse = body is null ? null : AwsSignInPost.Field(body, "SAMLResponse");
        if (string.IsNullOrWhiteSpace(samlResponse))
        {
            await pipe.SendAsync("Fetch.failRequest", new FailRequestParams(paused.RequestId, "BlockedByClient"), Json.FailRequestParams, session, cancellationToken);
            throw new BrowserSignInFailed(BrowserFailure.NoSamlResponse, $"the IdP sent the browser to {paused.Request.Url} without a SAMLResponse");
        }
        // Nothing leaves the machine: a window gets a local page, a headless browser a failed request.
        if (request.Headless)
        {
            await pipe.SendAsync("Fetch.failRequest", new FailRequestParams(paused.RequestId, "Aborted"), Json.FailRequestParams, session, cancellationToken);
        }
        else
        {
            const string page = "<!doctype html><meta charset=utf-8><title>Signed in</title><p>Signed in: SamlAssume has the assertion. You can close this window.</p>";
            await pipe.SendAsync("Fetch.fulfillRequest", new FulfillRequestParams(paused.RequestId, 200,
                [new HeaderEntry("Content-Type", "text/html; charset=utf-8")], Convert.ToBase64String(Encoding.UTF8.GetBytes(page))), Json.FulfillRequestParams, session, cancellationToken);
        }
        return samlResponse.Trim();
    }

    /// <summary>
    /// Beside the loop: does the loaded page ask something? With a username and password it fills and submits the form
    /// (a second form after that means they were refused); headless without them, a question ends the run at once
    /// instead of at the timeout.
    /// </summary>
    private void ProbeForm(string session, CancellationToken cancellationToken)
    {
        var fill = request.Username is not null && request.Password is not null;
        if (!fill && !request.Headless) return;
        _ = Task.Run(async () =>
        {
            using var probing = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            probing.CancelAfter(TimeSpan.FromSeconds(10));
            string answer;
            try
            {
                var result = (await pipe.SendAsync("Runtime.evaluate", new EvaluateParams(Script(fill), true, false), Json.EvaluateParams, session, probing.Token))
                    .Deserialize(Json.EvaluateResult);
                answer = result?.Result?.Value.ValueKind == JsonValueKind.String ? result.Result.Value.GetString()! : "";
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or CdpException or ObjectDisposedException)
            {
                // The page moved on, or the sign-in is over and the pipe closed: nothing to report.
                return;
            }
            trace($"page check: {answer}");
            if (answer == "filled" && Interlocked.Increment(ref formsFilled) > 1)
                Abort(new BrowserSignInFailed(BrowserFailure.FormRejected, $"{request.IdpUrl.Host} showed its sign-in form again after the username and password were filled in: wrong username or password?"));
            else if (answer == "form" && request.Headless)
                Abort(new BrowserSignInFailed(BrowserFailure.NeedsInteraction, $"{request.IdpUrl.Host} asks for a sign-in, and the browser is headless"));
        }, CancellationToken.None);
    }

    private void Abort(BrowserSignInFailed failure)
    {
        abortedBy ??= failure;
        try { aborting?.Cancel(); } catch (ObjectDisposedException) { }
    }

    /// <summary>The page check, run in the page. The username, password and code go in as JSON string literals.</summary>
    private string Script(bool fill)
    {
        string Literal(string? value) => value is null ? "null" : JsonSerializer.Serialize(value, Json.String);
        return $$"""
            (() => {
              const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
              const inputs = [...document.querySelectorAll('input')].filter(i => visible(i) && ['text','email','password','tel','number',''].includes(i.type));
              if (inputs.length === 0) return 'no-form';
              if (!{{(fill ? "true" : "false")}}) return 'form';
              const password = inputs.find(i => i.type === 'password');
              if (!password) return 'form';
              const form = password.form || document;
              const user = form.querySelector('input[name=username], input[autocomplete=username], input[type=email], input[type=text]');
              const code = form.querySelector('input[autocomplete=one-time-code], input[name=otp], input[name=code]');
              const set = (el, v) => { el.focus(); el.value = v; el.dispatchEvent(new Event('input', { bubbles: true })); el.dispatchEvent(new Event('change', { bubbles: true })); };
              if (user) set(user, {{Literal(request.Username)}});
              set(password, {{Literal(request.Password)}});
              const otp = {{Literal(request.Code)}};
              if (code && otp !== null) set(code, otp);
              if (password.form && password.form.requestSubmit) password.form.requestSubmit(); else if (password.form) password.form.submit();
              return 'filled';
            })()
            """;
    }

    /// <summary>The IdP URL for messages: scheme, host, port and path only (a query can carry a login hint or token).</summary>
    internal static string Redacted(Uri url) => url.GetLeftPart(UriPartial.Path);
}
