using System.Net;
using Amazon.Runtime;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Aws;

/// <summary>
/// Calls STS <c>AssumeRoleWithSAML</c> through the AWS SDK, unsigned (the assertion is the credential), and turns
/// AWS's refusals into one line that says what to do.
/// </summary>
public sealed class SamlRoleAssumer(StsEndpoint endpoint, TimeSpan timeout) : IDisposable
{
    private readonly AmazonSecurityTokenServiceClient client = new(new AnonymousAWSCredentials(), Config(endpoint, timeout));

    public async Task<TemporaryCredentials> AssumeAsync(AwsRole role, string samlResponse, int durationSeconds, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.AssumeRoleWithSAMLAsync(new AssumeRoleWithSAMLRequest
            {
                RoleArn = role.RoleArn,
                PrincipalArn = role.PrincipalArn,
                SAMLAssertion = samlResponse,
                DurationSeconds = durationSeconds,
            }, cancellationToken);
            var credentials = response.Credentials;
            return new TemporaryCredentials(
                credentials.AccessKeyId,
                credentials.SecretAccessKey,
                credentials.SessionToken,
                new DateTimeOffset(DateTime.SpecifyKind(credentials.Expiration ?? DateTime.UtcNow.AddSeconds(durationSeconds), DateTimeKind.Utc)),
                response.AssumedRoleUser?.Arn ?? role.RoleArn);
        }
        catch (AmazonSecurityTokenServiceException e) when (e.StatusCode is not (HttpStatusCode.InternalServerError or HttpStatusCode.ServiceUnavailable or HttpStatusCode.TooManyRequests))
        {
            throw new StsRefusal(e.ErrorCode ?? "Unknown", Explain(e.ErrorCode, e.Message, role, durationSeconds), e);
        }
        catch (AmazonServiceException e)
        {
            throw new CommandFailure(ExitCodes.Network, $"AWS STS at {endpoint} failed ({(int)e.StatusCode} {e.ErrorCode}): try again shortly", e);
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailure(ExitCodes.Network, $"could not reach AWS STS at {endpoint}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailure(ExitCodes.Network, $"AWS STS at {endpoint} did not answer in time", e);
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

    private static AmazonSecurityTokenServiceConfig Config(StsEndpoint endpoint, TimeSpan timeout)
    {
        var config = new AmazonSecurityTokenServiceConfig
        {
            // We resolve endpoints ourselves (StsEndpoint); the SDK must not read another copy of the environment.
            IgnoreConfiguredEndpointUrls = true,
            Timeout = timeout,
            MaxErrorRetry = 3,
        };
        if (endpoint.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
            config.AuthenticationRegion = endpoint.Region;
        }
        else
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(endpoint.Region);
        }
        return config;
    }

    public void Dispose() => client.Dispose();
}

/// <summary>STS refused the request (a 4xx with an AWS error code).</summary>
public sealed class StsRefusal(string errorCode, string message, Exception inner) : Exception(message, inner)
{
    public string ErrorCode { get; } = errorCode;
}
