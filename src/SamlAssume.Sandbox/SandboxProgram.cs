using System.Text.Json;
using System.Text.Json.Nodes;

namespace SamlAssume.Sandbox;

/// <summary>The standalone sandbox (`samlassume sandbox`): start, print how to point a client at it, run until cancelled.</summary>
public static class SandboxProgram
{
    /// <param name="awsCliDataDir">Where to write the STS endpoint rules AWS CLI 2.9 needs (<see cref="AwsCliEndpointRules"/>), or null.</param>
    public static async Task<int> RunAsync(SandboxOptions o, TextWriter output, CancellationToken ct, string? awsCliDataDir = null)
    {
        output = TextWriter.Synchronized(output);
        var console = output;
        o = o with { Announce = o.Announce ?? (line => { console.WriteLine(line); console.Flush(); }) };
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
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Web sign-in of the app (login --browser --idp-url): {server.BaseUrl}trust/saml2/launch/{app.AppId}"
                + (o.SignedInUser is null ? "" : $" (signed in as {o.SignedInUser})"));
        }
        foreach (var (arn, metadata) in o.SamlProviders)
        {
            await output.WriteLineAsync($"SAML provider {arn}: the IdP of {metadata}");
        }
        await output.WriteLineAsync();
        await output.WriteLineAsync("Environment for AWS clients:");
        await output.WriteLineAsync($"  export AWS_ENDPOINT_URL_STS={server.BaseUrl}");
        await output.WriteLineAsync($"  export AWS_REGION=us-east-1");
        if (awsCliDataDir is not null)
        {
            var dataDir = Path.GetFullPath(awsCliDataDir);
            AwsCliEndpointRules.WriteTo(dataDir, server.BaseUrl);
            // AWS CLI 2.9 reads no AWS_ENDPOINT_URL_STS; its role_arn + source_profile provider ignores --endpoint-url.
            await output.WriteLineAsync($"  export AWS_DATA_PATH={dataDir}   # AWS CLI before 2.13: STS endpoint rules pointing here");
        }
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
        // No phone here: the sandbox answers each push for it, as the tenant file says.
        await output.WriteLineAsync("Push approvals (the sandbox answers for the phone; the app's code is the TOTP of the secret shown):");
        foreach (var user in tenant.Users)
        {
            foreach (var push in user.Devices.Where(d => d.Kind == SandboxDeviceKind.Push))
            {
                var answer = push.Deny ? "denied" : push.Never ? "never answered (wait times out)" : $"approved after {push.ApproveAfterSeconds:0.#} s";
                await output.WriteLineAsync($"  {user.Username} device {push.DeviceId}: {answer}");
            }
        }
        await output.WriteLineAsync("SMS, email and voice codes are printed here when sent.");
        await output.WriteLineAsync();
        // openssl's fingerprint form, the one idp-cert prints and pins.
        var fingerprint = string.Join(':', Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(server.SigningCertificate.RawData)).Chunk(2).Select(pair => new string(pair)));
        await output.WriteLineAsync(o.KeyDirectory is null
            ? $"IdP signing certificate SHA-256 {fingerprint} (new for this run)"
            : $"IdP signing certificate SHA-256 {fingerprint} (kept in {Path.GetFullPath(o.KeyDirectory)}; pins survive a restart)");
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
