using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Xml;
using SamlAssume.Cli;
using SamlAssume.Configuration;
using SamlAssume.IdP.Saml;
using Spectre.Console;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume idp-cert --app-id ID</c>: downloads the app's SAML metadata, shows the signing certificate and pins its
/// SHA-256 fingerprint (and the entity ID as the expected Issuer) in onelogin.aws.json after confirmation or --yes.
/// The metadata URL is, first match: <c>--metadata-url</c>; <c>metadata_url</c> in onelogin.aws.json;
/// <c>{api_url}/saml/metadata/{app_id}</c> when onelogin.sdk.json sets an <c>api_url</c> outside onelogin.com (the
/// sandbox); else OneLogin's <c>https://{subdomain}.onelogin.com/saml/metadata/{app_id}</c>.
/// </summary>
public sealed class IdpCertCommand : SamlAssumeCommand
{
    private const string MetadataNamespace = "urn:oasis:names:tc:SAML:2.0:metadata";

    private readonly Option<string?> appId = new("--app-id", "-a") { Description = "The AWS app's ID in OneLogin (default: app_id in onelogin.aws.json)" };
    private readonly Option<string?> subdomain = new("--subdomain", "-d") { Description = "Your OneLogin subdomain (default: subdomain in onelogin.aws.json)" };
    private readonly Option<string?> metadataUrl = new("--metadata-url") { Description = "Download the IdP metadata from this URL instead" };
    private readonly Option<bool> yes = new("--yes", "-y") { Description = "Pin without asking" };
    private readonly Option<string?> configDirectory = SharedOptions.ConfigDirectory("Directory holding onelogin.aws.json (and onelogin.sdk.json)");
    private readonly Option<string?> profile = SharedOptions.Profile("Pin into this profile's entry instead of the global settings");

    public IdpCertCommand(CommandContext context) : this(context, SharedOptions.Verbose())
    {
    }

    private IdpCertCommand(CommandContext context, Option<bool> verbose)
        : base(context, "idp-cert", "Download the IdP signing certificate from the app's SAML metadata and pin it, so logins verify assertions locally", verbose) =>
        Add(appId, subdomain, metadataUrl, yes, configDirectory, profile, verbose);

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var config = ConfigurationFiles.Find(result.GetValue(configDirectory), Context);
        var aws = config.Aws;
        var sdk = config.Sdk;
        var profileName = result.GetValue(profile);
        var values = aws.For(profileName ?? aws.DefaultProfile);

        var url = MetadataUrl(result.GetValue(metadataUrl) ?? values.MetadataUrl, sdk.ApiUrl,
            result.GetValue(appId) ?? values.AppId, result.GetValue(subdomain) ?? values.Subdomain);
        log.Detail($"IdP metadata from {url}");
        var (entityId, certificate) = await DownloadAsync(url, Context, cancellationToken);
        var fingerprint = CertificateFingerprint.Sha256(certificate);
        var now = Context.Clock.GetUtcNow();

        var output = Context.Out;
        output.WriteLine($"{"Metadata:",-10} {url}");
        output.WriteLine($"{"Entity ID:",-10} {entityId ?? "(none)"}");
        output.WriteLine($"{"Subject:",-10} {certificate.Subject}");
        output.WriteLine($"{"Issuer:",-10} {certificate.Issuer}");
        output.WriteLine($"{"Valid:",-10} {Instant(certificate.NotBefore)} to {Instant(certificate.NotAfter)}");
        output.WriteLine($"{"SHA-256:",-10} {fingerprint}");
        output.Flush();
        if (certificate.NotAfter.ToUniversalTime() < now.UtcDateTime)
            log.Warning("this certificate has expired: your OneLogin admin must roll the app's certificate before logins can verify");

        var target = config.AwsFileOrNew;
        var where = profileName is null ? target : $"{target} (profile {profileName})";
        if (!result.GetValue(yes))
        {
            if (!Context.IsInteractive)
                throw CommandFailure.Usage($"not pinned: confirm the fingerprint above with your OneLogin admin, then rerun with --yes to write it into {where}");
            if (!Context.Console.Confirm($"Pin this certificate in {where}?", defaultValue: false))
            {
                log.Step("Not pinned.");
                return ExitCodes.Ok;
            }
        }
        AwsConfigPin.Write(target, profileName, fingerprint, entityId);
        log.Step($"Pinned {fingerprint} as idp_certificate_sha256{(entityId is null ? "" : $" and {entityId} as idp_issuer")} in {where}. Logins now verify the assertion before calling AWS.");
        return ExitCodes.Ok;
    }

    internal static Uri MetadataUrl(string? explicitUrl, string? apiUrl, string? appId, string? subdomain)
    {
        if (explicitUrl is not null) return Checked(explicitUrl, "--metadata-url/metadata_url");
        if (appId is null) throw CommandFailure.Usage("no app id: pass --app-id (or set app_id in onelogin.aws.json)");
        if (!appId.All(char.IsAsciiDigit)) throw CommandFailure.Usage($"--app-id \"{appId}\" must be a number");
        if (apiUrl is not null && Uri.TryCreate(apiUrl, UriKind.Absolute, out var api)
            && !api.Host.Equals("onelogin.com", StringComparison.OrdinalIgnoreCase) && !api.Host.EndsWith(".onelogin.com", StringComparison.OrdinalIgnoreCase))
            return Checked(new Uri(new Uri(apiUrl.TrimEnd('/') + "/"), $"saml/metadata/{appId}").ToString(), "api_url");
        if (subdomain is null) throw CommandFailure.Usage("no subdomain: pass --subdomain (or set subdomain in onelogin.aws.json)");
        if (!subdomain.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')) throw CommandFailure.Usage($"--subdomain \"{subdomain}\" is not a OneLogin subdomain");
        return new Uri($"https://{subdomain}.onelogin.com/saml/metadata/{appId}");
    }

    private static Uri Checked(string text, string source)
    {
        if (!Uri.TryCreate(text, UriKind.Absolute, out var url) || url.Scheme is not ("https" or "http"))
            throw CommandFailure.Usage($"{source} \"{text}\" is not an http(s) URL");
        // The certificate is the root of trust: plain http only to this machine.
        if (url.Scheme == "http" && !url.IsLoopback)
            throw CommandFailure.Usage($"{source} must use https (plain http is only allowed to localhost)");
        return url;
    }

    private static async Task<(string? EntityId, X509Certificate2 Certificate)> DownloadAsync(Uri url, CommandContext context, CancellationToken cancellationToken)
    {
        // Same proxy and timeouts as a login (HTTPS_PROXY/NO_PROXY from the environment).
        var transport = Net.HttpTransport.For(context.Environment, Net.HttpTransport.DefaultConnectTimeout, Net.HttpTransport.DefaultRequestTimeout);
        using var http = new HttpClient(transport.Handler(context.HttpHandlerFactory), disposeHandler: true) { Timeout = transport.RequestTimeout };
        string text;
        try
        {
            using var response = await http.GetAsync(url, cancellationToken);
            if (!response.IsSuccessStatusCode)
                throw new CommandFailure(ExitCodes.SignInRefused, $"{url} answered HTTP {(int)response.StatusCode}: check the app id and subdomain");
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new CommandFailure(ExitCodes.Network, $"could not download {url}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new CommandFailure(ExitCodes.Network, $"{url} did not answer in time", e);
        }
        return Parse(text, url);
    }

    internal static (string? EntityId, X509Certificate2 Certificate) Parse(string text, Uri url) => Settings.IdpMetadata.Parse(text, url.ToString());

    private const string SignedXmlNamespace = "http://www.w3.org/2000/09/xmldsig#";

    private static string Instant(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
