using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>
/// OneLogin's web sign-in for the AWS app, for <c>login --browser</c>: the app's launch URL
/// (<c>/trust/saml2/launch/{appId}</c>) shows a form (username, password, MFA code); once signed in, or with an SSO
/// session cookie, it answers with the SAML 2.0 HTTP-POST binding (saml-bindings-2.0-os §3.5: an HTML form that posts
/// <c>SAMLResponse</c> to the ACS, submitted by script) — the Response <see cref="SamlResponseWriter"/> signs for the
/// API too, posted to the tenant's Recipient (AWS's sign-in URL). A wrong password shows the form again, as OneLogin's
/// page does. <see cref="SandboxOptions.SignedInUser"/> is a user whose session already exists: signed in at once.
/// </summary>
internal sealed class WebSignIn(SandboxState state, string? signedInUser)
{
    private const string SessionCookie = "sandbox_sso";
    private static readonly TimeSpan SessionLifetime = TimeSpan.FromHours(8);
    private readonly ConcurrentDictionary<string, (string Username, DateTimeOffset Until)> sessions = new(StringComparer.Ordinal);

    public async Task HandleAsync(HttpContext context)
    {
        var record = RequestRecord.Of(context);
        var appId = (string)context.Request.RouteValues["appId"]!;
        var app = state.Tenant.FindApp(appId);
        if (app is null)
        {
            context.Response.StatusCode = 404;
            await Html(context, "App not found", "<p>This app could not be found.</p>");
            return;
        }
        var user = SessionUser(context) ?? (signedInUser is null ? null : state.Tenant.FindUser(signedInUser));
        if (user is null && HttpMethods.IsPost(context.Request.Method))
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            var username = form["username"].ToString();
            record.Set("username", username);
            var candidate = state.Tenant.FindUser(username);
            string? error = null;
            if (candidate is null || candidate.Password != form["password"].ToString()) error = "Invalid username or password.";
            else if (candidate.Devices.Count > 0 && !CodeAccepted(candidate, form["otp"].ToString())) error = "Invalid MFA code.";
            if (error is not null)
            {
                record.Set("outcome", "form_rejected");
                await Form(context, app, error);
                return;
            }
            user = candidate;
            var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            sessions[id] = (candidate!.Username, state.Clock.GetUtcNow() + SessionLifetime);
            // Persistent, like OneLogin's "stay signed in": the browser profile keeps it for the next (headless) sign-in.
            context.Response.Cookies.Append(SessionCookie, id, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Lax, Path = "/", MaxAge = SessionLifetime });
        }
        if (user is null)
        {
            record.Set("outcome", "form");
            await Form(context, app, null);
            return;
        }
        record.Set("username", user.Username);
        record.Set("outcome", "posted");
        var samlResponse = state.ResponseWriter.WriteBase64(app, user);
        var acs = WebUtility.HtmlEncode(state.Tenant.Assertion.Recipient);
        await Html(context, "POST data",
            $"""
            <form method="post" action="{acs}">
            <input type="hidden" name="SAMLResponse" value="{WebUtility.HtmlEncode(samlResponse)}">
            <noscript><button type="submit">Continue to AWS</button></noscript>
            </form>
            <script>document.forms[0].submit();</script>
            """);
    }

    private SandboxUser? SessionUser(HttpContext context)
    {
        if (!context.Request.Cookies.TryGetValue(SessionCookie, out var id) || id is null || !sessions.TryGetValue(id, out var session)) return null;
        return session.Until > state.Clock.GetUtcNow() ? state.Tenant.FindUser(session.Username) : null;
    }

    private bool CodeAccepted(SandboxUser user, string code)
    {
        var now = state.Clock.GetUtcNow();
        return code.Length > 0 && user.Devices.Any(d =>
            (d.TotpSecret is not null && Totp.Verify(d.TotpSecret, code, now)) || (d.AcceptedCode is not null && d.AcceptedCode == code));
    }

    private static Task Form(HttpContext context, SandboxApp app, string? error) => Html(context, "Sign in",
        $"""
        <h1>Sign in to {WebUtility.HtmlEncode(app.Name)}</h1>
        {(error is null ? "" : $"<p role=\"alert\">{WebUtility.HtmlEncode(error)}</p>")}
        <form method="post">
        <label>Username <input type="text" name="username" autocomplete="username"></label>
        <label>Password <input type="password" name="password" autocomplete="current-password"></label>
        <label>MFA code (if you have a device) <input type="text" name="otp" autocomplete="one-time-code" inputmode="numeric"></label>
        <button type="submit">Sign in</button>
        </form>
        """);

    private static Task Html(HttpContext context, string title, string body)
    {
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync($"<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>\n{body}\n</body></html>\n", Encoding.UTF8, context.RequestAborted);
    }
}
