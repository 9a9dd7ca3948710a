using SamlAssume.Sandbox;
using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary><c>samlassume sandbox</c>: run the local OneLogin + STS stand-in until Ctrl-C.</summary>
public sealed class SandboxCommand : SamlAssumeCommand
{
    private readonly Option<int> port = new("--port") { Description = "Port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 0 };
    private readonly Option<string?> tenant = new("--tenant") { Description = "Tenant JSON file (users, devices, accounts, roles); default: the built-in tenant" };
    private readonly Option<string?> awsCliDataDir = new("--aws-cli-data-dir") { Description = "Write the STS endpoint rules AWS CLI before 2.13 needs into DIR (then export AWS_DATA_PATH=DIR)" };
    private readonly Option<bool> verbose;
    private readonly Option<string?> keyDir = new("--key-dir") { Description = "Keep the IdP signing key in DIR, so idp-cert pins survive a restart (default: the cache directory's sandbox/)" };
    private readonly Option<string[]> samlProvider = new("--saml-provider") { Description = "Register a SAML provider as IAM does: ARN=METADATA_FILE (the IdP's metadata); AssumeRoleWithSAML then accepts that IdP's assertions for that ARN (repeatable)", AllowMultipleArgumentsPerToken = false };
    private readonly Option<string?> signedInUser = new("--signed-in-user") { Description = "The app's web sign-in (login --browser) treats this user as signed in already: it posts their assertion without a form" };

    public SandboxCommand(CommandContext context) : this(context, new Option<bool>("--verbose", "-v") { Description = "Print each request the sandbox answers" })
    {
    }

    private SandboxCommand(CommandContext context, Option<bool> verbose)
        : base(context, "sandbox", "Run the local OneLogin and AWS STS stand-in (for trying SamlAssume without real accounts)", verbose)
    {
        this.verbose = verbose;
        Add(port, tenant, awsCliDataDir, keyDir, samlProvider, signedInUser, verbose);
    }

    // The server runs in the foreground and its --verbose request lines go to stderr: nothing may draw between them.
    protected override bool ShowsNetworkWaits => false;

    protected override async Task<int> ExecuteAsync(ParseResult result, ProgressLog log, CancellationToken cancellationToken)
    {
        var tenantFile = result.GetValue(tenant);
        var portNumber = result.GetValue(port);
        if (tenantFile is not null && !File.Exists(tenantFile))
        {
            throw CommandFailure.Usage($"--tenant: {tenantFile} does not exist");
        }
        if (portNumber is < 0 or > 65535)
        {
            throw CommandFailure.Usage($"--port must be between 0 and 65535, not {portNumber}");
        }
        var providers = new List<KeyValuePair<string, string>>();
        foreach (var given in result.GetValue(samlProvider) ?? [])
        {
            var equals = given.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == given.Length - 1) throw CommandFailure.Usage($"--saml-provider must be ARN=METADATA_FILE, not \"{given}\"");
            providers.Add(new(given[..equals], Path.GetFullPath(given[(equals + 1)..], Context.CurrentDirectory)));
        }
        try
        {
            var error = Context.Error;
            var options = new SandboxOptions
            {
                Port = portNumber,
                TenantFile = tenantFile,
                KeyDirectory = result.GetValue(keyDir) ?? Path.Combine(CachePaths.For(Context.Environment, Context.HomeDirectory).Root, "sandbox"),
                Log = result.GetValue(verbose) ? line => { lock (error) error.WriteLine(line); } : null,
                SamlProviders = providers,
                SignedInUser = result.GetValue(signedInUser),
            };
            return await SandboxProgram.RunAsync(options, Context.Out, cancellationToken, result.GetValue(awsCliDataDir));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Ok;
        }
        catch (SamlProviderException e)
        {
            throw CommandFailure.Usage($"--saml-provider: {e.Message}");
        }
        catch (SigningKeyException e)
        {
            throw CommandFailure.Usage($"--key-dir: {e.Message}");
        }
        catch (System.Text.Json.JsonException e)
        {
            // Position only: the parser's message may quote the file.
            var where = e.LineNumber is { } line ? $" at line {line + 1}" + (string.IsNullOrEmpty(e.Path) ? "" : $" ({e.Path})") : "";
            throw CommandFailure.Usage($"--tenant: {tenantFile} is not a valid tenant file: malformed JSON or a value of the wrong type{where}");
        }
        catch (Exception e) when (e is InvalidDataException or NotSupportedException && tenantFile is not null)
        {
            throw CommandFailure.Usage($"--tenant: {tenantFile} is not a valid tenant file: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (Exception e) when (e is UnauthorizedAccessException || (e is IOException && tenantFile is not null && !IsBindFailure(e)))
        {
            throw CommandFailure.Usage($"--tenant: cannot read {tenantFile}: {e.Message.ReplaceLineEndings(" ")}");
        }
        catch (IOException e) when (IsBindFailure(e))
        {
            throw CommandFailure.Usage($"--port {portNumber}: cannot listen on 127.0.0.1:{portNumber} (already in use?); choose another port, or 0 for any free one");
        }
    }

    /// <summary>Kestrel's "Failed to bind to address" (an AddressInUseException inside, or a SocketException).</summary>
    private static bool IsBindFailure(Exception e)
    {
        for (var inner = e; inner is not null; inner = inner.InnerException)
        {
            if (inner.GetType().Name == "AddressInUseException" || inner is System.Net.Sockets.SocketException) return true;
        }
        return e.Message.Contains("bind", StringComparison.OrdinalIgnoreCase);
    }
}
