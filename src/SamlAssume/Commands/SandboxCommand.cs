using System.CommandLine;
using SamlAssume.Cli;
using SamlAssume.Sandbox;

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
        var command = new Command("sandbox", "Run the local OneLogin and AWS STS stand-in (for trying SamlAssume without real accounts)");
        foreach (var option in new Option[] { port, tenant, awsCliDataDir, verbose }) command.Options.Add(option);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, result.GetValue(verbose), async () =>
        {
            var tenantFile = result.GetValue(tenant);
            if (tenantFile is not null && !File.Exists(tenantFile))
            {
                throw CommandFailure.Usage($"--tenant: {tenantFile} does not exist");
            }
            if (result.GetValue(port) is < 0 or > 65535)
            {
                throw CommandFailure.Usage($"--port must be 0 (any free port) to 65535, not {result.GetValue(port)}");
            }
            var log = context.Error;
            var options = new SandboxOptions
            {
                Port = result.GetValue(port),
                TenantFile = tenantFile,
                Log = result.GetValue(verbose) ? line => { lock (log) log.WriteLine(line); } : null,
            };
            try
            {
                return await SandboxProgram.RunAsync(options, context.Out, cancellationToken, result.GetValue(awsCliDataDir));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
            catch (IOException e) when (e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase) || e.InnerException is System.Net.Sockets.SocketException)
            {
                throw CommandFailure.Usage($"sandbox: port {options.Port} is in use on 127.0.0.1; pick another --port, or 0 for any free one");
            }
            catch (System.Text.Json.JsonException e)
            {
                throw CommandFailure.Usage($"--tenant {tenantFile}: not a valid tenant file ({e.Message.Split('\n')[0].Trim()})");
            }
            catch (InvalidDataException e)
            {
                throw CommandFailure.Usage($"--tenant {tenantFile}: {e.Message}");
            }
        }, CancellationToken.None));
        return command;
    }
}
