using SamlAssume.Aws;
using SamlAssume.Cli;
using SamlAssume.IdP.Saml;

namespace SamlAssume.Login;

/// <summary>
/// Turns a signed-in assertion and a chosen role into temporary credentials through STS. One instance holds one STS
/// client for a region, so many roles (or many loop runs) reuse its connections; it is safe to call concurrently.
/// </summary>
public sealed class RoleAssumption : IDisposable
{
    private readonly ProgressLog log;
    private readonly int requestedDuration;
    private readonly SamlRoleAssumer sts;
    private int durationNoticeShown;

    public RoleAssumption(CommandContext context, ProgressLog log, LoginSettings settings, string? region)
    {
        this.log = log;
        requestedDuration = settings.Duration;
        Endpoint = StsEndpoint.Resolve(context.Environment, region);
        sts = new SamlRoleAssumer(Endpoint, settings.HttpTimeout);
    }

    public StsEndpoint Endpoint { get; }

    public async Task<TemporaryCredentials> AssumeAsync(SignedIn signedIn, AwsRole role, CancellationToken cancellationToken)
    {
        var duration = SessionDurationFor(signedIn.Assertion);
        log.Detail($"AssumeRoleWithSAML at {Endpoint} for {role.RoleArn}, {duration} s");
        return await sts.AssumeAsync(role, signedIn.SamlResponse, duration, cancellationToken);
    }

    /// <summary>The requested duration, capped by what the assertion allows (STS would refuse more).</summary>
    private int SessionDurationFor(SamlAssertion assertion)
    {
        if (assertion.SessionDuration is int allowed && allowed >= LoginSettings.MinDuration && allowed < requestedDuration)
        {
            if (Interlocked.Exchange(ref durationNoticeShown, 1) == 0)
            {
                log.Step($"The assertion allows sessions of at most {allowed} s; asking for that instead of {requestedDuration} s.");
            }
            return allowed;
        }
        return requestedDuration;
    }

    public void Dispose() => sts.Dispose();
}
