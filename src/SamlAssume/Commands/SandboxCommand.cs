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
        var command = new Command("sandbox", "Run the local OneLogin and AWS STS stand-in (for trying SamlAssume without real accounts)");
        command.Options.Add(port);
        command.Options.Add(tenant);
        command.SetAction((result, cancellationToken) => FailureReporter.RunAsync(context.Error, false, async () =>
        {
            var tenantFile = result.GetValue(tenant);
            if (tenantFile is not null && !File.Exists(tenantFile))
            {
                throw CommandFailure.Usage($"--tenant: {tenantFile} does not exist");
            }
            try
            {
                return await SandboxProgram.RunAsync(new SandboxOptions { Port = result.GetValue(port), TenantFile = tenantFile }, context.Out, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        }, CancellationToken.None));
        return command;
    }
}
