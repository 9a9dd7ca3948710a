using SamlAssume.Sandbox;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume demo --source iam-user</c>: the second identity source end to end against the in-process sandbox.
/// It writes awscli_bastion's layout into a throw-away directory (the sandbox user's long-lived keys in [bastion],
/// [profile bastion-sts] with mfa_serial, two role profiles), computes the MFA code from the virtual device's secret
/// (the demo knows it; a person would type it), runs the real <c>session-token</c> and <c>assume-role</c> commands,
/// then calls GetCallerIdentity through the AWS SDK with one of the written profiles.
/// </summary>
internal static class IamUserDemo
{
    public static async Task<int> RunAsync(CommandContext context, bool keep, bool verbose, CancellationToken cancellationToken)
    {
        var log = new ProgressLog(context.Error, verbose);
        await using var sandbox = await SandboxServer.StartAsync(new SandboxOptions(), cancellationToken);
        log.Step($"Sandbox (AWS STS) listening on {sandbox.BaseUrl}");
        var user = sandbox.Tenant.IamUsers.FirstOrDefault(u => u.MfaDevices.Count > 0)
            ?? throw new CommandFailure(ExitCodes.Unexpected, "the sandbox tenant has no IAM user with an MFA device");
        var device = user.MfaDevices[0];

        var directory = Directory.CreateTempSubdirectory("samlassume-demo-").FullName;
        try
        {
            var credentialsPath = Path.Combine(directory, "credentials");
            // Not "config": the AWS SDK's SharedCredentialsFile also reads a "config" beside the credentials file, and
            // would then see dev-admin as a role profile instead of the credentials written into it.
            var configPath = Path.Combine(directory, "aws-config");
            File.WriteAllText(credentialsPath, $"[bastion]\naws_access_key_id = {user.AccessKeyId}\naws_secret_access_key = {user.SecretAccessKey}\n");
            File.WriteAllText(configPath, $"""
                [profile bastion-sts]
                mfa_serial = {device.SerialNumber}
                credential_process = samlassume session-token --source-profile bastion

                [profile dev-admin]
                role_arn = arn:aws:iam::333333333333:role/Admin
                source_profile = bastion-sts
                role_session_name = {user.UserName}
                region = us-east-1

                [profile prod-readonly]
                role_arn = arn:aws:iam::111111111111:role/ReadOnly
                source_profile = bastion-sts
                role_session_name = {user.UserName}
                region = us-east-1

                """);
            log.Step($"Wrote [bastion] ({user.Arn}'s long-lived keys) to {credentialsPath} and bastion-sts, dev-admin, prod-readonly to {configPath}.");

            var code = Totp.Compute(device.TotpSecret, context.Clock.GetUtcNow());
            log.Step($"MFA code from {device.SerialNumber}'s secret (the demo computes it; you would read it from your device), given as AWS_MFA_CODE.");
            var demoContext = context.WithEnvironment(new Dictionary<string, string?>
            {
                ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsPath,
                ["AWS_CONFIG_FILE"] = configPath,
                ["XDG_CACHE_HOME"] = Path.Combine(directory, "cache"),
                ["AWS_MFA_CODE"] = code,
            }) with { Out = TextWriter.Null };

            string[] sessionToken = ["session-token", "--source-profile", "bastion"];
            log.Step($"Running: samlassume {string.Join(' ', sessionToken)}   (its JSON is what the AWS CLI reads; not shown)");
            var exitCode = await SamlAssumeCli.RunAsync(sessionToken, demoContext, handleTermination: false, cancellationToken);
            if (exitCode != ExitCodes.Ok) return exitCode;
            log.Step($"MFA session started ({sandbox.Journal.Count(SandboxEndpoints.GetSessionToken)} GetSessionToken) and cached.");

            string[] assumeRole = ["assume-role", "--source-profile", "bastion", "dev-admin", "prod-readonly", .. verbose ? new[] { "--verbose" } : []];
            log.Step($"Running: samlassume {string.Join(' ', assumeRole)}   (from the cached session: no new code)");
            exitCode = await SamlAssumeCli.RunAsync(assumeRole, demoContext with { Out = context.Error }, handleTermination: false, cancellationToken);
            if (exitCode != ExitCodes.Ok) return exitCode;

            return await DemoCommand.ReportAsync(context, log, credentialsPath, sandbox.BaseUrl, "dev-admin", keep ? $"{directory} (credentials, config, cache)" : null, cancellationToken,
                before: $"STS saw {sandbox.Journal.Count(SandboxEndpoints.GetSessionToken)} GetSessionToken and {sandbox.Journal.Count(SandboxEndpoints.AssumeRole)} AssumeRole calls.");
        }
        finally
        {
            if (!keep) Directory.Delete(directory, recursive: true);
        }
    }
}
