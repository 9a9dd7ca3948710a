using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox;

/// <summary>The standalone sandbox (`samlassume sandbox`): start, print how to point a client at it, run until cancelled.</summary>
public static class SandboxProgram
{
    public static async Task<int> RunAsync(SandboxOptions o, TextWriter output, CancellationToken ct)
    {
        await using var server = await SandboxServer.StartAsync(o, ct);
        var tenant = server.Tenant;
        var app = tenant.Apps.FirstOrDefault();
        var sdk = new JsonObject
        {
            ["client_id"] = tenant.ClientId,
            ["client_secret"] = tenant.ClientSecret,
            ["region"] = "us",
            ["ip"] = "",
            ["api_url"] = server.BaseUrl.ToString().TrimEnd('/'),
        };
        var indented = new JsonSerializerOptions { WriteIndented = true };

        await output.WriteLineAsync($"SamlAssume sandbox (OneLogin API + AWS STS) listening on {server.BaseUrl}");
        await output.WriteLineAsync();
        await output.WriteLineAsync("onelogin.sdk.json:");
        await output.WriteLineAsync(sdk.ToJsonString(indented));
        if (app is not null)
        {
            var aws = new JsonObject { ["app_id"] = app.AppId, ["subdomain"] = tenant.Subdomain };
            await output.WriteLineAsync();
            await output.WriteLineAsync("onelogin.aws.json:");
            await output.WriteLineAsync(aws.ToJsonString(indented));
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("Environment for AWS clients:");
        await output.WriteLineAsync($"  export AWS_ENDPOINT_URL_STS={server.BaseUrl}");
        await output.WriteLineAsync($"  export AWS_REGION=us-east-1");
        await output.WriteLineAsync();
        await output.WriteLineAsync("Demo users (username : password  [MFA devices]):");
        foreach (var user in tenant.Users)
        {
            var devices = user.Devices.Count == 0 ? "no MFA"
                : string.Join(", ", user.Devices.Select(d => $"{d.DeviceId} {d.DeviceType}" + (d.TotpSecret is null ? "" : $" secret {d.TotpSecret}")
                    + (d.AcceptedCode is null ? "" : $" code {d.AcceptedCode}")));
            await output.WriteLineAsync($"  {user.Username} : {user.Password}  [{devices}]");
        }
        if (tenant.IamUsers.Count > 0)
        {
            await output.WriteLineAsync();
            await output.WriteLineAsync("IAM users (aws_access_key_id : aws_secret_access_key  [MFA device serial, TOTP secret]):");
            foreach (var user in tenant.IamUsers)
            {
                var devices = user.MfaDevices.Count == 0 ? "no MFA" : string.Join(", ", user.MfaDevices.Select(d => $"{d.SerialNumber} secret {d.TotpSecret}"));
                await output.WriteLineAsync($"  {user.Arn}  {user.AccessKeyId} : {user.SecretAccessKey}  [{devices}]");
            }
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("Press Ctrl+C to stop.");
        await output.FlushAsync(CancellationToken.None);

        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Normal stop.
        }
        return 0;
    }
}
