using SamlAssume.Aws;
using SamlAssume.IdP.Saml;
using SamlAssume.Settings;

namespace SamlAssume.Sources.Saml;

/// <summary>
/// Turns a signed-in assertion and a chosen role into temporary credentials through STS. One instance holds one STS
/// client for a region, so many roles (or many loop runs) reuse its connections; it is safe to call concurrently.
/// </summary>
public sealed class RoleAssumption : IDisposable
{
    private readonly ProgressLog log;
    private readonly CommandContext context;
    private readonly int requestedDuration;
    private readonly SamlRoleAssumer sts;
    private SamlCredentials? durationNoticeGivenFor;

    public RoleAssumption(CommandContext context, ProgressLog log, LoginSettings settings, string? region, Net.NetworkRetry retry)
    {
        this.log = log;
        this.context = context;
        requestedDuration = settings.Duration;
        Endpoint = StsEndpoint.Resolve(context.Environment, region);
        sts = new SamlRoleAssumer(Endpoint, settings.Transport, context.HttpHandlerFactory, retry.ForSts("AssumeRoleWithSAML", Endpoint.HostAndPort, settings.Transport.RequestTimeout));
    }

    public StsEndpoint Endpoint { get; }

    public async Task<TemporaryCredentials> AssumeAsync(SamlCredentials signedIn, AwsRole role, CancellationToken cancellationToken)
    {
        SessionRules.RequireSessionName(signedIn.Assertion);
        // The cap is the same for every role of one assertion: say it once, not once per role.
        var quiet = ReferenceEquals(Interlocked.Exchange(ref durationNoticeGivenFor, signedIn), signedIn);
        var duration = SessionRules.DurationFor(requestedDuration, signedIn.Assertion, context.Clock.GetUtcNow(), quiet ? ProgressLog.Silent : log);
        log.Detail($"AssumeRoleWithSAML at {Endpoint} for {role.RoleArn}, {duration} s");
        return await SessionRules.AssumeWithFallbackAsync(sts, role, signedIn.SamlResponse, duration, log, cancellationToken);
    }

    public void Dispose() => sts.Dispose();
}
