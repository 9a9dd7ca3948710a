namespace SamlAssume.Aws.Sessions;

/// <summary>STS refused the MFA code (wrong, already used, or the device is not the user's). Never retried by us.</summary>
public sealed class MfaCodeRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>STS refused the request with an AWS error code (AccessDenied, ValidationError, InvalidClientTokenId…).</summary>
public sealed class StsRefusedException(string errorCode, string message, Exception? inner = null) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
}

/// <summary>STS could not be reached or failed on its side after the SDK's retries.</summary>
public sealed class StsUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// STS (or whatever answers at its endpoint: a captive portal, a proxy's page) answered with a body that is not STS's
/// XML. Not a refusal by AWS, and not retried: the same endpoint is likely to answer the same way.
/// </summary>
public sealed class StsAnswerUnreadableException(string message, Exception? inner = null) : Exception(message, inner);
