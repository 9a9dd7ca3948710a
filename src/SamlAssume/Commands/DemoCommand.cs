using SamlAssume.Sandbox;
using System.CommandLine;
using System.Text.Json;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime;
using Amazon.SecurityToken.Model;
using Amazon.SecurityToken;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume demo</c>: the whole login against the built-in sandbox, with nothing to configure. It starts the
/// sandbox in-process, writes a throw-away configuration directory, runs the real <c>login</c> command against it,
/// then proves the written profile works by calling GetCallerIdentity with the AWS SDK's own profile reader.
/// </summary>
public sealed class DemoCommand : SamlAssumeCommand
{
    public const string DemoUser = "demo@example.com";
    public const string DemoPassword = "demo-password";
    public const string DemoProfile = "samlassume-demo";

    private readonly Option<bool> keep = new("--keep") { Description = "Keep the temporary configuration and credentials file, and say where they are" };
    private readonly Option<bool> verbose;
    private readonly Option<string> source = new("--source") { Description = "onelogin (default): the OneLogin login; iam-user: an IAM user's keys + MFA session, then roles from it; browser: the IdP's web sign-in in a Chromium-family browser", DefaultValueFactory = _ => "onelogin" };
    private readonly Option<bool> headless = new("--headless") { Description = "With --source browser: no window (the demo user is signed in at the IdP already)" };

    public DemoCommand(CommandContext context) : this(context, SharedOptions.Verbose("Explain each step"))
    {
    }

    private DemoCommand(CommandContext context, Option<bool> verbose)
        : base(context, "demo", "Run a complete login against the built-in sandbox (no OneLogin or AWS account needed)", verbose)
    {
        this.verbose = verbose;
        source.AcceptOnlyFromAmong("onelogin", "iam-user", "browser");
        Add(keep, verbose, source, headless);
    }

    // The login it runs in-process shows its own spinner; a second one here would draw over it.
    protected override bool ShowsNetworkWaits => false;

    protected override Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken) => result.GetValue(source) switch
    {
        "iam-user" => IamUserDemo.RunAsync(Context, result.GetValue(keep), result.GetValue(verbose), cancellationToken),
        "browser" => BrowserDemo.RunAsync(Context, result.GetValue(keep), result.GetValue(verbose), result.GetValue(headless), cancellationToken),
        _ => RunAsync(Context, result.GetValue(keep), result.GetValue(verbose), cancellationToken),
    };

    private static async Task<int> RunAsync(CommandContext context, bool keep, bool verbose, CancellationToken cancellationToken)
    {
        var log = new ProgressLog(context.Error, verbose);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        log.Step($"Sandbox (OneLogin API + AWS STS) listening on {sandbox.BaseUrl}");

        var directory = Directory.CreateTempSubdirectory("samlassume-demo-").FullName;
        try
        {
            var tenant = sandbox.Tenant;
            var appId = tenant.Apps[0].AppId;
            WriteJson(Path.Combine(directory, "onelogin.sdk.json"), new Dictionary<string, string>
            {
                ["client_id"] = tenant.ClientId,
                ["client_secret"] = tenant.ClientSecret,
                ["region"] = "us",
                ["api_url"] = sandbox.BaseUrl.ToString().TrimEnd('/'),
            });
            WriteJson(Path.Combine(directory, "onelogin.aws.json"), new Dictionary<string, string>
            {
                ["app_id"] = appId,
                ["subdomain"] = tenant.Subdomain,
                ["username"] = DemoUser,
                ["aws_region"] = "us-east-1",
            });
            File.WriteAllText(Path.Combine(directory, "accounts.yaml"),
                "accounts:\n" + string.Concat(tenant.Accounts.Where(a => a.Alias is not null).Select(a => $"  \"{a.AccountId}\": \"{a.Alias}\"\n")));
            var credentialsPath = Path.Combine(directory, "credentials");

            var login = new List<string> { "login", "-c", directory, "-p", DemoProfile, "-f", credentialsPath };
            if (!context.IsInteractive)
            {
                // Nobody to pick from the list: take one role explicitly, exactly as a script would.
                login.AddRange(["--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly"]);
                log.Step("No terminal: choosing 111111111111 / ReadOnly with --aws-account-id and --aws-role-name.");
            }
            if (verbose) login.Add("--verbose");
            log.Step($"Running: samlassume {string.Join(' ', login)}   (password from ONELOGIN_PASSWORD)");

            var loginContext = context.WithEnvironment(new Dictionary<string, string?>
            {
                ["ONELOGIN_PASSWORD"] = DemoPassword,
                ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsPath,
            });
            var exitCode = await SamlAssumeCli.RunAsync([.. login], loginContext, handleTermination: false, cancellationToken);
            if (exitCode != ExitCodes.Ok) return exitCode;

            return await ReportAsync(context, log, credentialsPath, sandbox.BaseUrl, DemoProfile,
                keep ? $"{directory} (onelogin.sdk.json, onelogin.aws.json, accounts.yaml, credentials)" : null, cancellationToken);
        }
        finally
        {
            if (!keep) Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Reads the profile with the AWS SDK's own credentials-file parser, so the demo checks what we wrote.</summary>
    /// <summary>
    /// The last step of every demo, whatever the source: who STS says the written profile is (on stdout, for
    /// scripts), and what was kept with --keep.
    /// </summary>
    internal static async Task<int> ReportAsync(CommandContext context, ProgressLog log, string credentialsPath, Uri sandboxUrl, string profile,
        string? kept, CancellationToken cancellationToken, string? before = null)
    {
        var arn = await CallerIdentityAsync(credentialsPath, sandboxUrl, cancellationToken, profile);
        log.Step($"GetCallerIdentity with profile [{profile}] says you are: {arn}");
        if (before is not null) log.Step(before);
        context.Out.WriteLine(arn);
        context.Out.Flush();
        if (kept is not null) log.Step($"Kept {kept}.");
        return ExitCodes.Ok;
    }

    internal static async Task<string> CallerIdentityAsync(string credentialsPath, Uri stsEndpoint, CancellationToken cancellationToken, string profileName = DemoProfile)
    {
        var file = new SharedCredentialsFile(credentialsPath);
        if (!file.TryGetProfile(profileName, out var profile) || !AWSCredentialsFactory.TryGetAWSCredentials(profile, file, out var credentials))
        {
            throw new CommandFailure(ExitCodes.CredentialsFile, $"the AWS SDK could not read profile [{profileName}] from {credentialsPath}");
        }
        using var sts = new AmazonSecurityTokenServiceClient(credentials, new AmazonSecurityTokenServiceConfig
        {
            ServiceURL = stsEndpoint.ToString(),
            AuthenticationRegion = "us-east-1",
            IgnoreConfiguredEndpointUrls = true,
        });
        var identity = await sts.GetCallerIdentityAsync(new GetCallerIdentityRequest(), cancellationToken);
        return identity.Arn;
    }

    private static void WriteJson(string path, Dictionary<string, string> values) =>
        File.WriteAllText(path, JsonSerializer.Serialize(values, DemoJsonContext.Default.DictionaryStringString));
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class DemoJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
