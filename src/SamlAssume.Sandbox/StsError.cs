namespace SamlAssume.Sandbox;

/// <summary>
/// An STS error as the Query protocol sends it. Codes and statuses from botocore's sts/2011-06-15/service-2.json
/// (e.g. IDPRejectedClaim 403, InvalidIdentityToken 400, ExpiredTokenException 400).
/// </summary>
internal sealed record StsError(int Status, string Code, string Message, string Type = "Sender")
{
    public static StsError InvalidIdentityToken(string message) => new(400, "InvalidIdentityToken", message);
    public static StsError ExpiredTokenException(string message) => new(400, "ExpiredTokenException", message);
    public static StsError AccessDenied(string message) => new(403, "AccessDenied", message);
    public static StsError Validation(string message) => new(400, "ValidationError", message);
    public static StsError MissingParameter(string name) => new(400, "MissingParameter", $"The request must contain the parameter {name}");
    public static StsError InvalidClientTokenId() => new(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
    public static StsError ExpiredToken() => new(403, "ExpiredToken", "The security token included in the request is expired");
    public static StsError SignatureDoesNotMatch() => new(403, "SignatureDoesNotMatch",
        "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    // GetSessionToken's refusals, worded as AWS sends them: a wrong or reused code (quoted from an AWS CLI run in
    // github.com/lonelyplanet/aws-mfa/pull/21), a serial the user does not own (github.com/aws/aws-cli/issues/6325,
    // two spaces included), session credentials (github.com/aws/aws-sdk-net/issues/1704).
    public static StsError InvalidMfaCode() => AccessDenied("MultiFactorAuthentication failed with invalid MFA one time pass code. ");
    public static StsError UnknownMfaSerial() => AccessDenied(
        "MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.");
    public static StsError SessionCannotGetSessionToken() => AccessDenied("Cannot call GetSessionToken with session credentials");
    public static StsError MissingAuthenticationToken() => new(403, "MissingAuthenticationToken", "Request is missing Authentication Token");
}
