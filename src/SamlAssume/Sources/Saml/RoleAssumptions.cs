using SamlAssume.Aws;
using SamlAssume.IdP.Saml;
using SamlAssume.Net;
using SamlAssume.Settings;

namespace SamlAssume.Sources.Saml;

/// <summary>
/// A SAML source's STS step: one <see cref="RoleAssumption"/> (one STS client) per region for the source's life, so
/// many roles and a loop's runs reuse its connections. Safe to call concurrently.
/// </summary>
public sealed class RoleAssumptions(CommandContext context, ProgressLog log, LoginSettings settings, NetworkRetry retry) : IDisposable
{
    private readonly Dictionary<string, RoleAssumption> byRegion = new(StringComparer.Ordinal);

    public Task<TemporaryCredentials> AssumeAsync(SourceCredentials credentials, AwsRole role, string? region, CancellationToken cancellationToken)
    {
        RoleAssumption sts;
        lock (byRegion)
        {
            if (!byRegion.TryGetValue(region ?? "", out sts!)) byRegion[region ?? ""] = sts = new RoleAssumption(context, log, settings, region, retry);
        }
        return sts.AssumeAsync((SamlCredentials)credentials, role, cancellationToken);
    }

    public void Dispose()
    {
        lock (byRegion)
        {
            foreach (var sts in byRegion.Values) sts.Dispose();
            byRegion.Clear();
        }
    }
}
