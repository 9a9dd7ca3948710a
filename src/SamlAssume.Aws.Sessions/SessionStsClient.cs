using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;

namespace SamlAssume.Aws.Sessions;

/// <summary>
/// The two STS calls of the IAM-user source through the AWS SDK: GetSessionToken signed with the long-lived key
/// (with the MFA code, never retried) and AssumeRole signed with the session (the SDK's retries). AWS's refusals
/// become <see cref="MfaCodeRejectedException"/>, <see cref="StsRefusedException"/> or <see cref="StsUnavailableException"/>.
/// </summary>
public sealed class SessionStsClient(StsClientOptions options)
{
    public StsClientOptions Options { get; } = options;

    public async Task<StsCredentials> GetSessionTokenAsync(SourceProfile source, string? serialNumber, string? code, int durationSeconds, CancellationToken cancellationToken)
    {
        var withCode = serialNumber is not null && code is not null;
        using var sts = new AmazonSecurityTokenServiceClient(new BasicAWSCredentials(source.AccessKeyId, source.SecretAccessKey),
            Options.ToConfig(withCode ? 0 : Options.MaxErrorRetry));
        var request = new GetSessionTokenRequest { DurationSeconds = durationSeconds };
        if (withCode)
        {
            request.SerialNumber = serialNumber;
            request.TokenCode = code;
        }
        try
        {
            var response = await sts.GetSessionTokenAsync(request, cancellationToken);
            return From(response.Credentials, durationSeconds, null);
        }
        catch (AmazonSecurityTokenServiceException e) when (e.ErrorCode == "AccessDenied" && e.Message.Contains("MultiFactorAuthentication", StringComparison.Ordinal))
        {
            var hint = e.Message.Contains("serial number", StringComparison.Ordinal)
                ? $"; {serialNumber} must be an MFA device of the user whose keys are in profile '{source.Name}'"
                : "; wait for the next code (AWS takes each code once) and run the command again";
            throw new MfaCodeRejectedException($"AWS STS refused the MFA code for {serialNumber}: {e.Message.Trim()}{hint}", e);
        }
        catch (Exception e) when (Refusal(e, $"GetSessionToken for profile '{source.Name}'") is { } failure)
        {
            throw failure;
        }
    }

    public async Task<StsCredentials> AssumeRoleAsync(StsCredentials session, string roleArn, string roleSessionName, int? durationSeconds, string? externalId, CancellationToken cancellationToken)
    {
        using var sts = new AmazonSecurityTokenServiceClient(new SessionAWSCredentials(session.AccessKeyId, session.SecretAccessKey, session.SessionToken),
            Options.ToConfig(Options.MaxErrorRetry));
        var request = new AssumeRoleRequest { RoleArn = roleArn, RoleSessionName = roleSessionName };
        if (durationSeconds is { } d) request.DurationSeconds = d;
        if (externalId is not null) request.ExternalId = externalId;
        try
        {
            var response = await sts.AssumeRoleAsync(request, cancellationToken);
            return From(response.Credentials, durationSeconds ?? 3600, response.AssumedRoleUser?.Arn ?? roleArn);
        }
        catch (Exception e) when (Refusal(e, $"AssumeRole {roleArn}") is { } failure)
        {
            throw failure;
        }
    }

    private static StsCredentials From(Credentials c, int durationSeconds, string? assumedRoleArn) =>
        new(c.AccessKeyId, c.SecretAccessKey, c.SessionToken,
            new DateTimeOffset(DateTime.SpecifyKind(c.Expiration ?? DateTime.UtcNow.AddSeconds(durationSeconds), DateTimeKind.Utc)), assumedRoleArn);

    private Exception? Refusal(Exception e, string what) => e switch
    {
        // A 200 whose body is not STS's XML (a captive portal, a proxy's page, a broken endpoint): never a refusal by AWS.
        AmazonUnmarshallingException or System.Xml.XmlException =>
            new StsAnswerUnreadableException($"AWS STS at {Options} answered {what} with something that is not an STS response (unreadable XML): check AWS_ENDPOINT_URL_STS, your proxy or network, and try again", e),
        AmazonServiceException s when (int)s.StatusCode is >= 400 and < 500 && s.StatusCode != HttpStatusCode.TooManyRequests && s.ErrorCode is not ("Throttling" or "ThrottlingException") =>
            new StsRefusedException(s.ErrorCode ?? "Unknown", $"AWS STS refused {what}: {s.ErrorCode}: {s.Message.Trim()}", e),
        AmazonServiceException s when s.StatusCode != 0 =>
            new StsUnavailableException($"AWS STS at {Options} failed {what} ({(int)s.StatusCode} {s.ErrorCode}): try again shortly", e),
        AmazonServiceException or HttpRequestException or IOException or TimeoutException =>
            new StsUnavailableException($"could not reach AWS STS at {Options} for {what}: {Innermost(e)}", e),
        TaskCanceledException or OperationCanceledException when e.InnerException is TimeoutException =>
            new StsUnavailableException($"AWS STS at {Options} did not answer {what} within {Options.Timeout.TotalSeconds:0.#} s", e),
        _ => null,
    };

    private static string Innermost(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is System.Net.Sockets.SocketException socket) return socket.Message;
        return e.Message.ReplaceLineEndings(" ");
    }
}
