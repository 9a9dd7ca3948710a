namespace SamlAssume.IdP.OneLogin;

/// <summary>Why a OneLogin call failed, coarse enough for the command line to pick an exit code.</summary>
public enum OneLoginErrorKind
{
    /// <summary>401 on the token call: wrong client_id/client_secret.</summary>
    InvalidClientCredentials,
    /// <summary>The API credential lacks the scope for this call ("Insufficient Permission").</summary>
    InsufficientPermission,
    /// <summary>"Authentication Failed: Invalid user credentials". Never retried: that is how users get locked out.</summary>
    InvalidUserCredentials,
    InvalidSubdomain,
    UsernameEmpty,
    PasswordEmpty,
    /// <summary>404: unknown app_id.</summary>
    AppNotFound,
    /// <summary>"Failed authentication with this factor": wrong or reused code.</summary>
    FactorFailed,
    /// <summary>"State token is invalid or expired": the MFA challenge must start over.</summary>
    StateTokenExpired,
    /// <summary>400 "OTP token blank" and other malformed requests.</summary>
    BadRequest,
    /// <summary>429.</summary>
    RateLimited,
    /// <summary>5xx.</summary>
    ServerError,
    /// <summary>HTML or otherwise unreadable body (often a proxy or captive portal).</summary>
    UnexpectedResponse,
    /// <summary>Connection refused/reset, DNS, TLS.</summary>
    Network,
    Timeout,
}

/// <summary>
/// A OneLogin call that failed. <see cref="Exception.Message"/> is one line, says what to do, and never contains a
/// secret (password, code, client secret, token, assertion).
/// </summary>
public sealed class OneLoginException(OneLoginErrorKind kind, string message, int? statusCode = null, Exception? inner = null)
    : Exception(message, inner)
{
    public OneLoginErrorKind Kind { get; } = kind;
    public int? StatusCode { get; } = statusCode;
    public TimeSpan? RetryAfter { get; init; }
}
