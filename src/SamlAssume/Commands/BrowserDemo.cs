using SamlAssume.Sandbox;
using SamlAssume.Cli;

namespace SamlAssume.Commands;

/// <summary>
/// <c>samlassume demo --source browser [--headless]</c>: the browser source end to end against the in-process sandbox.
/// The sandbox's web sign-in opens in a real Chromium-family browser driven over the DevTools pipe; its post to AWS is
/// caught in the browser, the assertion verified with the sandbox's certificate, STS called, the profile written and
/// read back with the AWS SDK. Headless, the demo user is already signed in at the IdP (an SSO session); with a window,
/// the demo fills the sign-in form with the demo user's password for you to watch.
/// </summary>
internal static class BrowserDemo
{
    public static async Task<int> RunAsync(CommandContext context, bool keep, bool verbose, bool headless, CancellationToken cancellationToken)
    {
        var log = new ProgressLog(context.Error, verbose);
        var options = new SandboxOptions { SignedInUser = headless ? DemoCommand.DemoUser : null };
        await using var sandbox = await SandboxServer.StartAsync(options, cancellationToken);
        var app = sandbox.Tenant.Apps[0];
        var signInUrl = $"{sandbox.BaseUrl}trust/saml2/launch/{app.AppId}";
        log.Step($"Sandbox (web sign-in + AWS STS) listening on {sandbox.BaseUrl}; the app's sign-in page is {signInUrl}");

        var directory = Directory.CreateTempSubdirectory("samlassume-demo-").FullName;
        try
        {
            var credentialsPath = Path.Combine(directory, "credentials");
            var certificatePath = Path.Combine(directory, "idp.crt");
            File.WriteAllText(certificatePath, sandbox.SigningCertificate.ExportCertificatePem() + "\n");
            var login = new List<string>
            {
                "login", "--browser", "--idp-url", signInUrl, "--idp-cert", certificatePath, "-c", directory,
                "-p", DemoCommand.DemoProfile, "-f", credentialsPath, "--aws-account-id", "111111111111", "--aws-role-name", "ReadOnly", "--aws-region", "us-east-1",
            };
            if (headless) login.Add("--headless");
            else login.AddRange(["-u", DemoCommand.DemoUser]);
            if (verbose) login.Add("--verbose");
            log.Step($"Running: samlassume {string.Join(' ', login)}" + (headless ? $"   ({DemoCommand.DemoUser} is signed in at the IdP already)" : "   (the form is filled with the password from ONELOGIN_PASSWORD)"));

            var loginContext = context.WithEnvironment(new Dictionary<string, string?>
            {
                ["ONELOGIN_PASSWORD"] = headless ? null : DemoCommand.DemoPassword,
                ["AWS_ENDPOINT_URL_STS"] = sandbox.BaseUrl.ToString(),
                ["AWS_SHARED_CREDENTIALS_FILE"] = credentialsPath,
                // The browser profile is the demo's own, thrown away with it.
                ["XDG_CACHE_HOME"] = Path.Combine(directory, "cache"),
            });
            var exitCode = await SamlAssumeCli.RunAsync([.. login], loginContext, handleTermination: false, cancellationToken);
            if (exitCode != ExitCodes.Ok) return exitCode;

            return await DemoCommand.ReportAsync(context, log, credentialsPath, sandbox.BaseUrl, DemoCommand.DemoProfile,
                keep ? $"{directory} (idp.crt, credentials, the browser profile under cache/)" : null, cancellationToken);
        }
        finally
        {
            if (!keep) Directory.Delete(directory, recursive: true);
        }
    }
}
