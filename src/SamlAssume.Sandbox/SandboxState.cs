using System.Collections.Concurrent;
using System.Security.Cryptography.X509Certificates;

namespace SamlAssume.Sandbox;

/// <summary>Everything one running sandbox remembers, shared by the OneLogin and STS handlers.</summary>
internal sealed class SandboxState(SandboxTenant tenant, X509Certificate2 certificate, TimeProvider clock, SandboxJournal journal)
{
    public SandboxTenant Tenant { get; } = tenant;
    public X509Certificate2 Certificate { get; } = certificate;
    public TimeProvider Clock { get; } = clock;
    public SandboxJournal Journal { get; } = journal;
    /// <summary>Faults and rewrites tests apply; STS reads <see cref="SandboxFaults.CredentialLifetime"/> from here.</summary>
    public SandboxFaults Faults { get; init; } = new();
    public AccessTokens AccessTokens { get; } = new(clock);
    public MfaChallenges Challenges { get; } = new(clock);
    public IssuedCredentials Credentials { get; } = IssuedCredentials.WithLongLivedKeys(tenant);
    /// <summary>The IAM users' access keys as IAM holds them (CreateAccessKey, DeleteAccessKey).</summary>
    public IamKeyStore IamKeys { get; } = new(tenant, clock);
    /// <summary>IAM MFA codes already accepted, per device serial and time step: AWS takes each code once.</summary>
    public ConcurrentDictionary<string, bool> UsedMfaCodes { get; } = new(StringComparer.Ordinal);
    public SamlResponseWriter ResponseWriter { get; } = new(tenant, certificate, clock);
    /// <summary>YubiKey OTPs already accepted: each works once.</summary>
    public ConcurrentDictionary<string, bool> UsedYubikeyOtps { get; } = new(StringComparer.Ordinal);
    /// <summary>Known once Kestrel has bound its port; callback_url and metadata are built from it.</summary>
    public Uri BaseUrl { get; set; } = new("http://127.0.0.1/");

    /// <summary>SAML providers registered from third-party IdP metadata, by ARN (<see cref="SandboxOptions.SamlProviders"/>).</summary>
    public IReadOnlyDictionary<string, RegisteredSamlProvider> RegisteredProviders { get; init; } = new Dictionary<string, RegisteredSamlProvider>();

    /// <summary><see cref="SandboxOptions.Announce"/>.</summary>
    public Action<string>? Announce { get; set; }
}
