using System.Globalization;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using Amazon.Runtime;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;

namespace SamlAssume.Aws.Iam;

/// <summary>
/// IAM (and sts:GetCallerIdentity) over the AWS Query protocol: form-encoded POST, SigV4, XML answers
/// (docs.aws.amazon.com/IAM/latest/APIReference/iam-api.pdf, "Making Query requests"). AWSSDK.IdentityManagement is
/// not used: signing reuses AWSSDK.Core's <see cref="AWS4Signer"/> on a bare <see cref="DefaultRequest"/>, so the
/// canonicalisation is the SDK's own; the HTTP exchange and the XML are ours (no reflection: NativeAOT-clean).
/// Not retried: each caller decides (rotate polls a new key; a lookup fails with one line).
/// </summary>
public sealed class IamQueryClient(HttpClient http, AwsQueryEndpoint iam, AwsQueryEndpoint sts) : IDisposable
{
    /// <summary>
    /// The client of a command: IAM's endpoint (<see cref="AwsQueryEndpoint.Iam"/>), STS's by the one STS rule
    /// (<see cref="StsEndpoint"/>), and the command's transport (proxy, timeouts).
    /// </summary>
    public static IamQueryClient For(CommandContext context, Net.HttpTransport transport, string? region) =>
        new(new HttpClient(transport.Handler(context.HttpHandlerFactory, service: "AWS"), disposeHandler: true) { Timeout = transport.RequestTimeout },
            AwsQueryEndpoint.Iam(context.Environment, region), AwsQueryEndpoint.Sts(StsEndpoint.Resolve(context.Environment, region)));

    public void Dispose() => http.Dispose();

    /// <summary>Pages followed at most per list call: IAM allows 2 keys and 8 MFA devices a user, so this is a runaway guard.</summary>
    public const int MaxPages = 50;

    public AwsQueryEndpoint Iam => iam;

    /// <summary>iam:GetUser. Without <paramref name="userName"/> IAM answers for the user whose key signed the request.</summary>
    public async Task<IamUserDetails> GetUserAsync(AwsKeyCredentials credentials, string? userName = null, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(iam, credentials, "GetUser", Optional(("UserName", userName)), cancellationToken);
        var user = Child(result, "User") ?? throw Malformed(iam, "GetUser", "User");
        return new IamUserDetails(Text(user, "UserName") ?? "", Text(user, "UserId") ?? "", Text(user, "Arn") ?? "");
    }

    /// <summary>iam:ListMFADevices, all pages. Pass the user name (moto requires it; AWS infers it from the key).</summary>
    public Task<IReadOnlyList<IamMfaDevice>> ListMfaDevicesAsync(AwsKeyCredentials credentials, string? userName = null, CancellationToken cancellationToken = default) =>
        ListAllAsync(credentials, "ListMFADevices", userName, "MFADevices", member => new IamMfaDevice(
            Text(member, "UserName") ?? userName ?? "", Text(member, "SerialNumber") ?? "", Date(member, "EnableDate")), cancellationToken);

    /// <summary>iam:ListAccessKeys, all pages.</summary>
    public Task<IReadOnlyList<IamAccessKeyMetadata>> ListAccessKeysAsync(AwsKeyCredentials credentials, string? userName = null, CancellationToken cancellationToken = default) =>
        ListAllAsync(credentials, "ListAccessKeys", userName, "AccessKeyMetadata", member => new IamAccessKeyMetadata(
            Text(member, "UserName") ?? userName ?? "", Text(member, "AccessKeyId") ?? "", Text(member, "Status") ?? "", Date(member, "CreateDate")), cancellationToken);

    /// <summary>iam:CreateAccessKey. IAM allows two keys per user: a third is <c>LimitExceeded</c> (409).</summary>
    public async Task<IamNewAccessKey> CreateAccessKeyAsync(AwsKeyCredentials credentials, string? userName = null, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(iam, credentials, "CreateAccessKey", Optional(("UserName", userName)), cancellationToken);
        var key = Child(result, "AccessKey") ?? throw Malformed(iam, "CreateAccessKey", "AccessKey");
        return new IamNewAccessKey(Text(key, "UserName") ?? userName ?? "",
            Text(key, "AccessKeyId") ?? throw Malformed(iam, "CreateAccessKey", "AccessKeyId"),
            Text(key, "SecretAccessKey") ?? throw Malformed(iam, "CreateAccessKey", "SecretAccessKey"),
            Date(key, "CreateDate"));
    }

    /// <summary>iam:DeleteAccessKey. An unknown key id is <c>NoSuchEntity</c> (404).</summary>
    public Task DeleteAccessKeyAsync(AwsKeyCredentials credentials, string accessKeyId, string? userName = null, CancellationToken cancellationToken = default) =>
        CallAsync(iam, credentials, "DeleteAccessKey", Optional(("AccessKeyId", accessKeyId), ("UserName", userName)), cancellationToken);

    /// <summary>sts:GetCallerIdentity: who the key is, and whether STS accepts it yet (a new key is eventually consistent).</summary>
    public async Task<CallerIdentity> GetCallerIdentityAsync(AwsKeyCredentials credentials, CancellationToken cancellationToken = default)
    {
        var result = await CallAsync(sts, credentials, "GetCallerIdentity", [], cancellationToken);
        return new CallerIdentity(Text(result, "Account") ?? "", Text(result, "Arn") ?? "", Text(result, "UserId") ?? "");
    }

    private async Task<IReadOnlyList<T>> ListAllAsync<T>(AwsKeyCredentials credentials, string action, string? userName, string listName,
        Func<XElement, T> read, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? marker = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var result = await CallAsync(iam, credentials, action, Optional(("UserName", userName), ("Marker", marker)), cancellationToken);
            foreach (var member in Child(result, listName)?.Elements(result.Name.Namespace + "member") ?? [])
                items.Add(read(member));
            var truncated = string.Equals(Text(result, "IsTruncated"), "true", StringComparison.OrdinalIgnoreCase);
            marker = Text(result, "Marker");
            if (!truncated) return items;
            if (string.IsNullOrEmpty(marker)) throw Malformed(iam, action, "Marker (IsTruncated is true)");
        }
        throw new AwsQueryException(200, "TooManyPages", $"AWS IAM at {iam} still had more {action} pages after {MaxPages}");
    }

    /// <summary>POSTs one action and returns its <c>&lt;{Action}Result&gt;</c> element (an empty one for actions without a result).</summary>
    private async Task<XElement> CallAsync(AwsQueryEndpoint endpoint, AwsKeyCredentials credentials, string action,
        IEnumerable<(string Name, string Value)> parameters, CancellationToken cancellationToken)
    {
        var service = endpoint.SigningService.ToUpperInvariant();
        var body = FormBody([("Action", action), ("Version", endpoint.ApiVersion), .. parameters]);
        string text;
        HttpResponseMessage response;
        try
        {
            using var message = SignedRequest(endpoint, credentials, body);
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new AwsQueryException(0, "Network", $"could not reach AWS {service} at {endpoint} for {action}: {Innermost(e)}", inner: e);
        }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw ErrorOf(endpoint, action, (int)response.StatusCode, text, response);
            var root = Parse(text)?.Root;
            if (root is null || root.Name.LocalName != action + "Response")
                throw Malformed(endpoint, action, $"{action}Response document");
            return root.Element(root.Name.Namespace + (action + "Result")) ?? new XElement(root.Name.Namespace + (action + "Result"));
        }
    }

    /// <summary>Signs with AWSSDK.Core's SigV4 signer: host, x-amz-date, x-amz-content-sha256, content-type and the token are signed.</summary>
    private static HttpRequestMessage SignedRequest(AwsQueryEndpoint endpoint, AwsKeyCredentials credentials, byte[] body)
    {
        using var request = new DefaultRequest(new QueryRequest(), endpoint.SigningService)
        {
            HttpMethod = "POST",
            Endpoint = endpoint.Url,
            ResourcePath = endpoint.Url.AbsolutePath,
            AuthenticationRegion = endpoint.SigningRegion,
            OverrideSigningServiceName = endpoint.SigningService,
            Content = body,
        };
        request.Headers["Content-Type"] = "application/x-www-form-urlencoded; charset=utf-8";
        if (!string.IsNullOrEmpty(credentials.SessionToken)) request.Headers["X-Amz-Security-Token"] = credentials.SessionToken;
        var signing = Signer.SignRequest(request, SignerConfig.Value, null, credentials.AccessKeyId, credentials.SecretAccessKey);
        request.Headers["Authorization"] = signing.ForAuthorizationHeader;

        var message = new HttpRequestMessage(HttpMethod.Post, endpoint.Url) { Content = new ByteArrayContent(body) };
        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) message.Content.Headers.TryAddWithoutValidation(name, value);
            else if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) message.Headers.Host = value; // exactly what was signed
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    private static readonly AWS4Signer Signer = new();

    /// <summary>
    /// AWS4Signer wants an IClientConfig only for clock-skew correction and fallbacks; STS's config (AWSSDK.SecurityToken
    /// is already a dependency) serves, since region and service are set on the request.
    /// </summary>
    private static readonly Lazy<IClientConfig> SignerConfig = new(() => new Amazon.SecurityToken.AmazonSecurityTokenServiceConfig());

    /// <summary>DefaultRequest needs an AmazonWebServiceRequest only as a back-reference; nothing is read from it.</summary>
    private sealed class QueryRequest : AmazonWebServiceRequest;

    private static byte[] FormBody(IEnumerable<(string Name, string Value)> parameters) =>
        Encoding.UTF8.GetBytes(string.Join('&', parameters.Select(p => Uri.EscapeDataString(p.Name) + "=" + Uri.EscapeDataString(p.Value))));

    private static IEnumerable<(string, string)> Optional(params (string Name, string? Value)[] parameters) =>
        parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => (p.Name, p.Value!));

    private static AwsQueryException ErrorOf(AwsQueryEndpoint endpoint, string action, int status, string text, HttpResponseMessage response)
    {
        var service = endpoint.SigningService.ToUpperInvariant();
        var requestId = response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault() : null;
        var root = Parse(text)?.Root;
        // AWS: <ErrorResponse xmlns=…><Error>…</Error><RequestId/></ErrorResponse>. moto's auth failures add a level:
        // <ErrorResponse><Errors><Error>…</Error></Errors></ErrorResponse>. Read by local name, at most two levels down.
        var error = root?.Name.LocalName is "ErrorResponse" or "Response"
            ? root.Elements().SelectMany(e => e.Name.LocalName == "Errors" ? e.Elements() : [e]).FirstOrDefault(e => e.Name.LocalName == "Error")
            : root?.Name.LocalName == "Error" ? root : null;
        if (error is null)
            return new AwsQueryException(status, $"Http{status}", $"AWS {service} at {endpoint} answered {action} with HTTP {status} {response.ReasonPhrase} and no AWS error document", requestId);
        string? Local(XElement parent, string name) => parent.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var code = Local(error, "Code") ?? $"Http{status}";
        var detail = (Local(error, "Message") ?? "").ReplaceLineEndings(" ").Trim();
        return new AwsQueryException(status, code, $"AWS {service} refused {action}: {code}: {detail}", (root is null ? null : Local(root, "RequestId")) ?? requestId);
    }

    /// <summary>Parses without DTDs or external entities; null when the text is not XML.</summary>
    private static XDocument? Parse(string text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings
            {
                DtdProcessing = DtdProcessing.Prohibit,
                XmlResolver = null,
                IgnoreComments = true,
                MaxCharactersInDocument = 4 * 1024 * 1024,
            });
            return XDocument.Load(reader);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static XElement? Child(XElement parent, string name) => parent.Element(parent.Name.Namespace + name);

    private static string? Text(XElement parent, string name) => Child(parent, name)?.Value;

    private static DateTimeOffset? Date(XElement parent, string name) =>
        DateTimeOffset.TryParse(Text(parent, name), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date : null;

    private static AwsQueryException Malformed(AwsQueryEndpoint endpoint, string action, string what) =>
        new(200, "MalformedResponse", $"AWS {endpoint.SigningService.ToUpperInvariant()} at {endpoint} answered {action} without a {what}");

    private static string Innermost(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
            if (inner is System.Net.Sockets.SocketException socket) return socket.Message;
        return e is TaskCanceledException ? "no answer in time" : e.Message.ReplaceLineEndings(" ");
    }
}
