namespace SamlAssume.OneLoginDocs;

/// <summary>One answer as OneLogin documents it: where it is written down, the HTTP status, the JSON body, extra headers.</summary>
public sealed record DocumentedAnswer(string Source, int Status, string Body, string MediaType = "application/json", params (string Name, string Value)[] Headers)
{
    public override string ToString() => $"{Status} from {Source}";
}

/// <summary>
/// OneLogin's API answers copied from its documentation (and, where the docs are silent, from the issue or SDK that
/// recorded them; /work/shared/REFERENCE.md keeps the list). Two suites read these: the WireMock contract tests run
/// the client against them, and the sandbox conformance tests check our sandbox answers in the same shape. The sandbox
/// is our own reading of the same docs, so a misreading shared by client and sandbox shows up here, not in either alone.
/// Identifiers, tokens and the base64 SAMLResponse are the docs' placeholders.
/// </summary>
public static class OneLoginDocumentedAnswers
{
    public const string TokenDoc = "https://developers.onelogin.com/api-docs/2/oauth20-tokens/generate-tokens-2";
    public const string SamlAssertionV2Doc = "https://developers.onelogin.com/api-docs/2/saml-assertions/generate-saml-assertion";
    public const string SamlAssertionV1Doc = "https://developers.onelogin.com/api-docs/1/saml-assertions/generate-saml-assertion";
    public const string VerifyFactorV2Doc = "https://developers.onelogin.com/api-docs/2/saml-assertions/verify-factor";
    public const string VerifyFactorV1Doc = "https://developers.onelogin.com/api-docs/1/saml-assertions/verify-factor";
    public const string EnrolledFactorsV1Doc = "https://developers.onelogin.com/api-docs/1/multi-factor-authentication/enrolled-factors";

    /// <summary>The v2 error body, as printed on the v2 MFA pages: <c>{"statusCode":404,"name":"NotFound","message":…}</c>.</summary>
    public const string V2ErrorShapeDoc = "https://developers.onelogin.com/api-docs/2/multi-factor-authentication/verify-factor-poll";

    /// <summary>The rate limit and its X-RateLimit-* headers; the docs never show a 429 body (REFERENCE.md: unconfirmed).</summary>
    public const string RateLimitDoc = "https://developers.onelogin.com/api-docs/2/oauth20-tokens/get-rate-limit";

    public const string SamlResponseBase64 = "PHNhbWxwOlJlc3BvbnNlIHhtbG5zOnNhbWw9InVybjpvYXNpczpuYW1lczp0YzpTQU1MOjIuMDphc3NlcnRpb24iLz4=";
    public const string DocumentedToken = "xx508xx63817x752xx74004x30705xx92x58349x5x78f5xx34xxxxx51";
    public const string StateToken = "5xxx604x8xx9x694xx860173xxx3x78x3x870x56";
    public const string CallbackUrl = "https://api.us.onelogin.com/api/2/saml_assertion/verify_factor";

    // ---- POST /auth/oauth2/v2/token ----

    public static readonly DocumentedAnswer Token = new(TokenDoc, 200, $$"""
        {
            "access_token": "{{DocumentedToken}}",
            "created_at": "2015-11-11T03:36:18.714Z",
            "expires_in": 36000,
            "refresh_token": "628x9x0xx447xx4x421x517x4x474x33x2065x4x1xx523xxxxx6x7x20",
            "token_type": "bearer",
            "account_id": 555555
        }
        """);

    public static readonly DocumentedAnswer TokenBadClient = new(TokenDoc, 401, """
        {"status": {"error": true, "code": 401, "type": "Unauthorized", "message": "Authentication Failure"}}
        """);

    public static readonly DocumentedAnswer TokenBadGrantType = new(TokenDoc, 400, """
        {"status": {"error": true, "code": 400, "type": "bad request", "message": "grant_type is incorrect/absent"}}
        """);

    // ---- POST /api/2/saml_assertion ----

    public static readonly DocumentedAnswer AssertionV2 = new(SamlAssertionV2Doc, 200, $$"""
        {"message": "Success", "data": "{{SamlResponseBase64}}"}
        """);

    public static readonly DocumentedAnswer MfaRequiredV2 = new(SamlAssertionV2Doc, 200, $$"""
        {
            "state_token": "{{StateToken}}",
            "message": "MFA is required for this user",
            "devices": [
                {"device_id": 666666, "device_type": "Google Authenticator"},
                {"device_id": 111111, "device_type": "OneLogin Protect"}
            ],
            "callback_url": "{{CallbackUrl}}",
            "user": {"lastname": "Zhang", "username": "hazel.zhang", "email": "hazel.zhang@onelogin.com", "firstname": "Hazel", "id": 88888888}
        }
        """);

    public static readonly DocumentedAnswer WrongPasswordV2 = new(SamlAssertionV2Doc, 401, """
        {"statusCode": 401, "name": "Unauthorized", "message": "Authentication Failed: Invalid user credentials"}
        """);

    /// <summary>The docs list 404 without its text; the text is from onelogin-python-aws-assume-role#60.</summary>
    public static readonly DocumentedAnswer WrongAppV2 = new(SamlAssertionV2Doc, 404, """
        {"statusCode": 404, "name": "NotFound", "message": "App could not be found"}
        """);

    /// <summary>An API credential without the Authentication Only scope (onelogin-python-aws-assume-role#71).</summary>
    public static readonly DocumentedAnswer InsufficientPermissionV2 = new(SamlAssertionV2Doc, 401, """
        {"statusCode": 401, "name": "Unauthorized", "message": "Insufficient Permission"}
        """);

    public static readonly DocumentedAnswer PasswordEmptyV2 = new(SamlAssertionV2Doc, 400, """
        {"statusCode": 400, "name": "BadRequest", "message": "password is empty"}
        """);

    // ---- POST /api/1/saml_assertion ----

    public static readonly DocumentedAnswer AssertionV1 = new(SamlAssertionV1Doc, 200, $$"""
        {"status": {"type": "success", "message": "Success", "error": false, "code": 200}, "data": "{{SamlResponseBase64}}"}
        """);

    public static readonly DocumentedAnswer MfaRequiredV1 = new(SamlAssertionV1Doc, 200, $$"""
        {
            "status": {"type": "success", "message": "MFA is required for this user", "error": false, "code": 200},
            "data": [
                {
                    "state_token": "{{StateToken}}",
                    "devices": [{"device_id": 666666, "device_type": "Google Authenticator"}],
                    "callback_url": "https://api.us.onelogin.com/api/1/saml_assertion/verify_factor",
                    "user": {"lastname": "Zhang", "username": "hazel.zhang", "email": "hazel.zhang@onelogin.com", "firstname": "Hazel", "id": 88888888}
                }
            ]
        }
        """);

    public static readonly DocumentedAnswer WrongPasswordV1 = new(SamlAssertionV1Doc, 401, """
        {"status": {"type": "Unauthorized", "message": "Authentication Failed: Invalid user credentials", "error": true, "code": 401}}
        """);

    // ---- GET /api/1/users/{id}/otp_devices (OneLogin's Python tool 2.0.2 calls it on MFA) ----

    /// <summary>The page's sample, its first two devices: an SMS device (with its masked phone number) and OneLogin Protect.</summary>
    public static readonly DocumentedAnswer EnrolledFactorsV1 = new(EnrolledFactorsV1Doc, 200, """
        {
            "status": {"type": "success", "code": 200, "message": "Success", "error": false},
            "data": {
                "otp_devices": [
                    {
                        "type_display_name": "OneLogin SMS", "active": true, "user_display_name": "Rich's Phone", "default": true,
                        "phone_number": "+1xxxxxxxxx", "auth_factor_name": "OneLogin SMS", "id": 525509, "needs_trigger": true
                    },
                    {
                        "type_display_name": "OneLogin Protect", "active": true, "user_display_name": "OneLogin Protect", "default": false,
                        "auth_factor_name": "OneLogin Protect", "id": 526532, "needs_trigger": false
                    }
                ]
            }
        }
        """);

    // ---- POST /api/{1,2}/saml_assertion/verify_factor ----

    public static readonly DocumentedAnswer FactorVerifiedV2 = new(VerifyFactorV2Doc, 200, $$"""
        {"message": "Success", "data": "{{SamlResponseBase64}}"}
        """);

    /// <summary>"200 OK - Pending": no data, and a message saying so (saml2aws matches "Authentication pending").</summary>
    public static readonly DocumentedAnswer FactorPendingV2 = new(VerifyFactorV2Doc, 200, """
        {"message": "Authentication pending on OL Protect"}
        """);

    public static readonly DocumentedAnswer FactorPendingV1 = new(VerifyFactorV1Doc, 200, """
        {"status": {"type": "pending", "message": "Authentication pending on OL Protect", "error": false, "code": 200}}
        """);

    public static readonly DocumentedAnswer FactorDeniedV2 = new(VerifyFactorV2Doc, 401, """
        {"statusCode": 401, "name": "Unauthorized", "message": "Failed authentication with this factor"}
        """);

    public static readonly DocumentedAnswer StateTokenExpiredV2 = new(VerifyFactorV2Doc, 401, """
        {"statusCode": 401, "name": "Unauthorized", "message": "State token is invalid or expired"}
        """);

    public static readonly DocumentedAnswer OtpBlankV2 = new(VerifyFactorV2Doc, 400, """
        {"statusCode": 400, "name": "BadRequest", "message": "OTP token blank"}
        """);

    // ---- What else reaches a client ----

    /// <summary>
    /// Over the limit: the documented X-RateLimit-Reset (seconds) and the standard Retry-After (RFC 9110 §10.2.3). The
    /// docs show no 429 body; this is the v2 error shape, with the message our sandbox uses.
    /// </summary>
    public static readonly DocumentedAnswer RateLimited = new(RateLimitDoc, 429, """
        {"statusCode": 429, "name": "TooManyRequests", "message": "Rate Limit Exceeded"}
        """, "application/json", ("Retry-After", "7"), ("X-RateLimit-Limit", "5000"), ("X-RateLimit-Remaining", "0"), ("X-RateLimit-Reset", "7"));

    /// <summary>Not OneLogin at all: a corporate proxy's error page, as any HTTP client can meet one.</summary>
    public static readonly DocumentedAnswer ProxyErrorPage = new("RFC 9110 §15.6.3 (502 Bad Gateway from an intermediary)", 502,
        "<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1><p>The proxy server received an invalid response.</p></body></html>",
        "text/html");
}
