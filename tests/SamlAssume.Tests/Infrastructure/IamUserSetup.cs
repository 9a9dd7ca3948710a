using SamlAssume.Sandbox;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// awscli_bastion's layout in a test home: [bastion] with the sandbox user alice's long-lived keys in
/// ~/.aws/credentials; [profile bastion-sts] (mfa_serial + credential_process) and role profiles in ~/.aws/config.
/// </summary>
public static class IamUserSetup
{
    public static string AwsDirectory(this TestWorkspace ws) => Path.Combine(ws.Home, ".aws");
    public static string ConfigPath(this TestWorkspace ws) => Path.Combine(ws.Home, ".aws", "config");

    /// <summary>The code alice's device shows at <paramref name="clock"/>'s time.</summary>
    public static string Code(TimeProvider? clock = null) => Totp.Compute(SandboxUsers.Alice.TotpSecret, (clock ?? TimeProvider.System).GetUtcNow());

    /// <summary>A code that is certainly not the current one (nor the neighbouring steps').</summary>
    public static string WrongCode(TimeProvider? clock = null)
    {
        var now = (clock ?? TimeProvider.System).GetUtcNow();
        var near = new[] { -30, 0, 30 }.Select(s => Totp.Compute(SandboxUsers.Alice.TotpSecret, now.AddSeconds(s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !near.Contains(c));
    }

    /// <param name="keysInCredentialsFile">False: an empty credentials file (the keys are to live in the keyring).</param>
    public static TestWorkspace WithBastion(this TestWorkspace ws, string? sessionTokenCommand = null, string extraConfig = "", bool keysInCredentialsFile = true)
    {
        Directory.CreateDirectory(ws.AwsDirectory());
        File.WriteAllText(ws.CredentialsPath, keysInCredentialsFile ? $"""
            [bastion]
            aws_access_key_id = {SandboxUsers.Alice.AccessKeyId}
            aws_secret_access_key = {SandboxUsers.Alice.SecretAccessKey}

            """ : "");
        File.WriteAllText(ws.ConfigPath(), $"""
            [profile bastion-sts]
            mfa_serial = {SandboxUsers.Alice.MfaSerial}
            credential_process = {sessionTokenCommand ?? "samlassume session-token --source-profile bastion"}

            [profile dev-admin]
            role_arn = arn:aws:iam::333333333333:role/Admin
            source_profile = bastion-sts
            role_session_name = alice
            region = eu-west-1

            [profile prod-readonly]
            role_arn = arn:aws:iam::111111111111:role/ReadOnly
            source_profile = bastion-sts
            role_session_name = alice
            duration_seconds = 7200

            [profile staging-dev]
            role_arn = arn:aws:iam::222222222222:role/Developer
            source_profile = bastion
            role_session_name = alice

            {extraConfig}
            """);
        ws.Environment["XDG_CACHE_HOME"] = ws.CacheHome();
        return ws;
    }

    public static int Count(this TestWorkspace ws, string endpoint) => ws.Sandbox.Journal.Count(endpoint);
}
