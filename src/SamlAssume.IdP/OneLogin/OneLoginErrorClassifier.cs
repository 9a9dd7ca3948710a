namespace SamlAssume.IdP.OneLogin;

/// <summary>
/// Turns a failed OneLogin answer into a <see cref="OneLoginException"/> whose one-line message says what to do.
/// OneLogin's own message text is matched first (the same HTTP status covers several causes: 401 is a bad password,
/// a bad factor or a missing API scope), then the HTTP status.
/// </summary>
internal static class OneLoginErrorClassifier
{
    public static OneLoginException Classify(OneLoginCall call, int httpStatus, string? oneLoginMessage, TimeSpan? retryAfter = null)
    {
        var said = MessageSanitizer.Redact(MessageSanitizer.OneLine(oneLoginMessage), call.Secrets);
        var (kind, text) = Describe(call, httpStatus, said, retryAfter);
        return new OneLoginException(kind, MessageSanitizer.Redact(text, call.Secrets), httpStatus == 0 ? null : httpStatus)
        {
            RetryAfter = kind is OneLoginErrorKind.RateLimited or OneLoginErrorKind.ServerError ? retryAfter : null,
        };
    }

    private static (OneLoginErrorKind Kind, string Message) Describe(OneLoginCall call, int status, string said, TimeSpan? retryAfter)
    {
        // Messages documented by OneLogin or seen by its users (see /work/shared/REFERENCE.md), most specific first.
        if (Says(said, "Insufficient Permission"))
            return (OneLoginErrorKind.InsufficientPermission,
                "OneLogin refused the call with \"Insufficient Permission\": the API credential in onelogin.sdk.json needs the 'Authentication Only' scope or higher (OneLogin admin: Developers > API Credentials)");
        if (Says(said, "Invalid user credentials") || (call.Endpoint == OneLoginEndpoint.SamlAssertion && Says(said, "Authentication Failed")))
            return (OneLoginErrorKind.InvalidUserCredentials,
                "OneLogin rejected the username or password: check them (SamlAssume does not retry, to avoid locking the account)");
        if (Says(said, "Invalid subdomain"))
            return (OneLoginErrorKind.InvalidSubdomain,
                $"OneLogin does not know the subdomain {Quote(call.Subdomain)}: check --onelogin-subdomain (the NAME in https://NAME.onelogin.com)");
        if (Says(said, "username is empty") || Says(said, "username_or_email is empty"))
            return (OneLoginErrorKind.UsernameEmpty, "OneLogin says the username is empty: give your OneLogin username or email");
        if (Says(said, "password is empty"))
            return (OneLoginErrorKind.PasswordEmpty, "OneLogin says the password is empty: give your OneLogin password");
        if (Says(said, "Failed authentication with this factor"))
            return (OneLoginErrorKind.FactorFailed,
                "OneLogin rejected the MFA code or the push was denied: use a fresh code (a code cannot be used twice) and try again");
        if (Says(said, "State token is invalid or expired") || Says(said, "state_token is invalid"))
            return (OneLoginErrorKind.StateTokenExpired, "The MFA challenge expired (OneLogin: state token is invalid or expired): sign in again");
        if (Says(said, "OTP token blank") || Says(said, "otp_token is blank"))
            return (OneLoginErrorKind.BadRequest, "OneLogin needs the MFA code for this device (\"OTP token blank\"): enter the code from your device");
        if (Says(said, "App could not be found") || Says(said, "app not found")
            || (status == 404 && call.Endpoint is OneLoginEndpoint.SamlAssertion or OneLoginEndpoint.VerifyFactor))
            return (OneLoginErrorKind.AppNotFound,
                $"OneLogin has no app with id {Quote(call.AppId)} that this user can reach: check --onelogin-app-id (the number in the app's OneLogin URL)");

        if (status == 429)
            return (OneLoginErrorKind.RateLimited,
                $"OneLogin's API rate limit was reached (HTTP 429): {(retryAfter is { } wait ? $"try again in {Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} s" : "try again later")}");
        if (status >= 500)
            return (OneLoginErrorKind.ServerError, $"OneLogin had a server error (HTTP {status}{Echo(said)}): try again later");

        if (call.Endpoint == OneLoginEndpoint.Token)
        {
            if (status is 400 or 401 or 403)
                return (OneLoginErrorKind.InvalidClientCredentials,
                    $"OneLogin rejected the API client credentials (client_id/client_secret): check onelogin.sdk.json (HTTP {status}{Echo(said)})");
            if (status == 404)
                return (OneLoginErrorKind.UnexpectedResponse,
                    $"{call.Host} has no OneLogin token endpoint (HTTP 404): check the OneLogin region or api_url");
        }
        else if (status is 401 or 403)
        {
            // A 401 we cannot place: most likely the bearer token was revoked or lacks a scope.
            return (OneLoginErrorKind.InsufficientPermission,
                $"OneLogin refused the API call (HTTP {status}{Echo(said)}): the API credential may lack the 'Authentication Only' scope, or its token was revoked");
        }

        if (status == 400 || status == 422)
            return (OneLoginErrorKind.BadRequest, $"OneLogin refused the request (HTTP {status}{Echo(said)})");

        var statusText = status == 0 ? "" : $" (HTTP {status})";
        return (OneLoginErrorKind.UnexpectedResponse,
            said.Length > 0 ? $"OneLogin answered with an error{statusText}: \"{said}\"" : $"OneLogin answered with an unexpected error{statusText}");
    }

    private static bool Says(string said, string phrase) => said.Contains(phrase, StringComparison.OrdinalIgnoreCase);

    private static string Echo(string said) => said.Length > 0 ? $": \"{said}\"" : "";

    private static string Quote(string? value) => string.IsNullOrWhiteSpace(value) ? "(none given)" : $"'{MessageSanitizer.OneLine(value, 80)}'";
}
