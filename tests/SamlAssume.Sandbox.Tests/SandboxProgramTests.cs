namespace SamlAssume.Sandbox.Tests;

public sealed class SandboxProgramTests
{
    [Fact]
    public async Task Prints_url_sdk_config_env_and_users_then_stops_on_cancel()
    {
        using var cts = new CancellationTokenSource();
        var output = new StringWriter();
        var run = SandboxProgram.RunAsync(new SandboxOptions(), TextWriter.Synchronized(output), cts.Token);
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!output.ToString().Contains("Ctrl+C") && DateTime.UtcNow < deadline) await Task.Delay(20);
        await cts.CancelAsync();
        Assert.Equal(0, await run);

        var text = output.ToString();
        Assert.Matches(@"listening on http://127\.0\.0\.1:\d+/", text);
        Assert.Contains("\"api_url\": \"http://127.0.0.1:", text);
        Assert.Contains("\"client_id\": \"sandbox-client-id\"", text);
        Assert.Matches(@"AWS_ENDPOINT_URL_STS=http://127\.0\.0\.1:\d+/", text);
        Assert.Contains("demo@example.com : demo-password", text);
        Assert.Contains("otp@example.com : otp-password", text);
        Assert.Contains($"{SandboxUsers.Alice.Arn}  {SandboxUsers.Alice.AccessKeyId} : {SandboxUsers.Alice.SecretAccessKey}  [{SandboxUsers.Alice.MfaSerial} secret {SandboxUsers.Alice.TotpSecret}]", text);
    }

    [Fact]
    public void Default_tenant_has_the_documented_values()
    {
        var tenant = TenantJson.LoadDefault();
        Assert.Equal("sandbox-client-id", tenant.ClientId);
        Assert.Equal("sandbox-client-secret", tenant.ClientSecret);
        Assert.Equal("sandbox", tenant.Subdomain);
        var app = Assert.Single(tenant.Apps);
        Assert.Equal("424242", app.AppId);
        Assert.Equal("https://app.onelogin.com/saml/metadata/424242", app.Issuer);
        Assert.Equal(["111111111111", "222222222222", "333333333333"], tenant.Accounts.Select(a => a.AccountId));
        Assert.All(tenant.Accounts, a => Assert.Equal([("Admin", 3600), ("ReadOnly", 43200), ("Developer", 3600)], a.Roles.Select(r => (r.Name, r.MaxSessionDuration))));
        Assert.Equal(9, tenant.RolesOf(tenant.FindUser("demo@example.com")!).Count);
        Assert.Equal(3, tenant.RolesOf(tenant.FindUser("otp@example.com")!).Count);
        var mfa = tenant.FindUser("mfa@example.com")!;
        Assert.Equal([6001L, 6002, 6003, 6004, 6005, 6006, 6007, 6008], mfa.Devices.Select(d => d.DeviceId));
        Assert.Equal(SandboxDeviceKind.FixedCode, mfa.Devices.Single(d => d.DeviceId == 6007).Kind);
        Assert.True(tenant.FindUser("push-deny@example.com")!.Devices.Single().Deny);
        Assert.True(tenant.FindUser("push-never@example.com")!.Devices.Single().Never);
        // The IAM users every test project knows as SandboxUsers (tests/SamlAssume.TestSupport) are this tenant's.
        Assert.Equal(
            [
                (SandboxUsers.Alice.Arn, SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey,
                    $"{SandboxUsers.Alice.MfaSerial}={SandboxUsers.Alice.TotpSecret}"),
                (SandboxUsers.Bob.Arn, SandboxUsers.Bob.AccessKeyId, SandboxUsers.Bob.SecretAccessKey,
                    $"{SandboxUsers.Bob.PhoneMfaSerial}={SandboxUsers.Bob.PhoneTotpSecret} {SandboxUsers.Bob.LaptopMfaSerial}={SandboxUsers.Bob.LaptopTotpSecret}"),
            ],
            tenant.IamUsers.Select(u => (u.Arn, u.AccessKeyId, u.SecretAccessKey, string.Join(' ', u.MfaDevices.Select(d => $"{d.SerialNumber}={d.TotpSecret}")))));
    }
}
