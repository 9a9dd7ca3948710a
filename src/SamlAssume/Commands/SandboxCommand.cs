using SamlAssume.Sandbox;
using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary><c>samlassume sandbox</c>: run the local OneLogin + STS stand-in until Ctrl-C.</summary>
public static class SandboxCommand
{
    public static Command Create(CommandContext context)
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (0: any free port)", DefaultValueFactory = _ => 0 };
        var tenant = new Option<string?>("--tenant") { Description = "Tenant JSON file (users, devices, accounts, roles); default: the built-in tenant" };
        var awsCliDataDir = new Option<string?>("--aws-cli-data-dir") { Description = "Write the STS endpoint rules AWS CLI before 2.13 needs into DIR (then export AWS_DATA_PATH=DIR)" };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Print each request the sandbox answers" };
        var keyDir = new Option<string?>("--key-dir") { Description = "Keep the IdP signing key in DIR, so idp-cert pins survive a restart (default: the cache directory's sandbox/)" };
        var samlProvider = new Option<string[]>("--saml-provider") { Description = "Register a SAML provider as IAM does: ARN=METADATA_FILE (the IdP's metadata); AssumeRoleWithSAML then accepts that IdP's assertions for that ARN (repeatable)", AllowMultipleArgumentsPerToken = false };
        var signedInUser = new Option<string?>("--signed-in-user") { Description = "The app's web sign-in (login --browser) treats this user as signed in already: it posts their assertion without a form" };
        var command = new Command("sandbox", "Run the local OneLogin and AWS STS stand-in (for trying SamlAssume without real accounts)");
        foreach (var option in new Option[] { port, tenant, awsCliDataDir, keyDir, samlProvider, signedInUser, verbose }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, result.GetValue(verbose), async () =>
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
                providers.Add(new(given[..equals], Path.GetFullPath(given[(equals + 1)..], context.CurrentDirectory)));
            }
            try
            {
                var log = context.Error;
                var options = new SandboxOptions
                {
                    Port = portNumber,
                    TenantFile = tenantFile,
                    KeyDirectory = result.GetValue(keyDir) ?? Path.Combine(CachePaths.For(context.Environment, context.HomeDirectory).Root, "sandbox"),
                    Log = result.GetValue(verbose) ? line => { lock (log) log.WriteLine(line); } : null,
                    SamlProviders = providers,
                    SignedInUser = result.GetValue(signedInUser),
                };
                return await SandboxProgram.RunAsync(options, context.Out, cancellationToken, result.GetValue(awsCliDataDir));
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
        }, CancellationToken.None));
        return command;
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
