using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using Polly;
using SamlAssume.IdP.Saml;
using SamlAssume.Net;

namespace SamlAssume.Aws;

/// <summary>
/// Calls STS <c>AssumeRoleWithSAML</c> through the AWS SDK, unsigned (the assertion is the credential), and turns
/// AWS's refusals into one line that says what to do (<see cref="StsRefusal"/>; <see cref="StsUnavailable"/> when it
/// could not answer). Transient failures are retried by <see cref="NetworkRetry.ForSts"/> — the only retry layer: the
/// SDK's own retries are off — and requests go through the command's <see cref="HttpTransport"/> (timeouts, proxy).
/// </summary>
public sealed class SamlRoleAssumer(StsEndpoint endpoint, HttpTransport transport, Func<HttpTransport, HttpMessageHandler> handlerFactory, ResiliencePipeline retry) : IDisposable
{
    // One HTTP client (and connection pool) for every call of this assumer, so 100 roles reuse warm connections
    // (and, against real STS, TLS sessions) instead of opening one per call; disposed with the assumer.
    private readonly (AmazonSecurityTokenServiceClient Sts, TransportHttpClientFactory Http) clients = Create(endpoint, transport, handlerFactory);

    public async Task<TemporaryCredentials> AssumeAsync(AwsRole role, string samlResponse, int durationSeconds, CancellationToken cancellationToken)
    {
        try
        {
            var request = new AssumeRoleWithSAMLRequest
            {
                RoleArn = role.RoleArn,
                PrincipalArn = role.PrincipalArn,
                SAMLAssertion = samlResponse,
                DurationSeconds = durationSeconds,
            };
            using var call = AwaitedCall.Named("AssumeRoleWithSAML");
            var response = await retry.ExecuteAsync(
                async ct => await clients.Sts.AssumeRoleWithSAMLAsync(request, ct), cancellationToken);
            var credentials = response.Credentials;
            return new TemporaryCredentials(
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                new DateTimeOffset(DateTime.SpecifyKind(credentials.Expiration ?? DateTime.UtcNow.AddSeconds(durationSeconds), DateTimeKind.Utc)),
                response.AssumedRoleUser?.Arn ?? role.RoleArn)
            {
                Issued = clients.Http.Dates.Last,
            };
        }
        catch (Exception e) when (NetworkRetry.DeadlineIn(e) is { } deadline)
        {
            throw deadline;
        }
        catch (Exception e) when (e is AmazonUnmarshallingException or System.Xml.XmlException)
        {
            // A 200 whose body is not STS's XML: a captive portal, a proxy's page or a broken endpoint, never a refusal by AWS.
            throw new StsUnavailable(
                $"AWS STS at {endpoint} answered with something that is not an AssumeRoleWithSAML response (unreadable XML): check AWS_ENDPOINT_URL_STS, your proxy or network, and try again", e);
        }
        catch (AmazonSecurityTokenServiceException e) when ((int)e.StatusCode < 500 && e.StatusCode != HttpStatusCode.TooManyRequests && !NetworkRetry.IsThrottling(e.ErrorCode))
        {
            throw new StsRefusal(e.ErrorCode ?? "Unknown", Explain(e.ErrorCode, e.Message, role, durationSeconds), e);
        }
        catch (AmazonServiceException e)
        {
            throw new StsUnavailable($"AWS STS at {endpoint} failed ({(int)e.StatusCode} {e.ErrorCode}): try again shortly", e);
        }
        catch (Exception e) when (e is TaskCanceledException or Polly.Timeout.TimeoutRejectedException && !cancellationToken.IsCancellationRequested
            || e is HttpRequestException or IOException or TimeoutException)
        {
            // In words ("no answer within 30 s", "connection refused"), never the exception's type name.
            var reason = NetworkFailureReason.Of(e, transport.RequestTimeout);
            throw new StsUnavailable($"could not reach AWS STS at {endpoint.HostAndPort} (AssumeRoleWithSAML): {reason.Text}; {reason.Hint}", e);
        }
    }

    private static string Explain(string? code, string message, AwsRole role, int durationSeconds)
    {
        var hint = code switch
        {
            "InvalidIdentityToken" when message.Contains("provider", StringComparison.OrdinalIgnoreCase) =>
                $"; the SAML provider {role.PrincipalArn} must exist in account {role.AccountId} with OneLogin's metadata",
            "InvalidIdentityToken" => "; OneLogin's assertion was not accepted (check the SAML provider's metadata in IAM)",
            "ExpiredTokenException" => "; the assertion is too old: sign in again (check this machine's clock)",
            "AccessDenied" => $"; the trust policy of {role.RoleName} must allow sts:AssumeRoleWithSAML from {role.PrincipalArn}",
            "ValidationError" when message.Contains("MaxSessionDuration", StringComparison.Ordinal) =>
                $"; ask for less with -z/--duration (asked {durationSeconds} s) or raise the role's maximum session duration in IAM",
            "IDPRejectedClaim" => "; the role's trust policy conditions do not match the assertion's claims",
            _ => "",
        };
        return $"AWS STS refused {role.RoleArn}: {code}: {message}{hint}";
    }

    private static (AmazonSecurityTokenServiceClient, TransportHttpClientFactory) Create(StsEndpoint endpoint, HttpTransport transport, Func<HttpTransport, HttpMessageHandler> handlerFactory)
    {
        var http = new TransportHttpClientFactory(transport, handlerFactory);
        return (new AmazonSecurityTokenServiceClient(new AnonymousAWSCredentials(), StsClients.Options(endpoint, transport, http).ToConfig(0)), http);
    }

    public void Dispose()
    {
        clients.Sts.Dispose();
        clients.Http.Dispose();
    }
}

/// <summary>STS could not be reached or did not answer usefully (network, timeout, 5xx, throttling), after the retries.</summary>
public sealed class StsUnavailable(string message, Exception inner) : Exception(message, inner);

/// <summary>STS refused the request (a 4xx with an AWS error code).</summary>
public sealed class StsRefusal(string errorCode, string message, Exception inner) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
}
