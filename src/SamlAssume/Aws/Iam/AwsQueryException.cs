namespace SamlAssume.Aws.Iam;

/// <summary>
/// An IAM or STS Query call that failed: AWS's error answer (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;</c>),
/// a non-XML answer (a proxy's HTML page: <see cref="Code"/> is <c>Http{status}</c>), or no answer at all
/// (<see cref="Status"/> 0). The message is one line naming the service and the action, never a secret.
/// </summary>
public sealed class AwsQueryException(int status, string code, string message, string? requestId = null, Exception? inner = null)
    : Exception(message, inner)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public string? RequestId { get; } = requestId;

    /// <summary>Whether trying again later may help (no answer, throttled, 5xx) rather than AWS refusing.</summary>
    public bool Unavailable => Status is 0 or 429 or >= 500 || Code is "Throttling" or "ThrottlingException";

    /// <summary>The credentials were not (yet) known: a new key before it propagates, a deleted key, a bad secret.</summary>
    public bool KeyNotAccepted => Code is "InvalidClientTokenId" or "SignatureDoesNotMatch";
}
