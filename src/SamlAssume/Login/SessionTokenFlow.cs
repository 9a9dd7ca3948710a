using SamlAssume.Aws;
using SamlAssume.Settings;

namespace SamlAssume.Login;

/// <summary>
/// <c>samlassume session-token</c>: steps 1–2 of the pipeline for the IAM-user source — its MFA session, cached, one
/// code per session for every process — delivered as credential_process JSON (awscli_bastion's <c>[bastion-sts]</c>;
/// the code is asked on /dev/tty) or into a profile of the credentials file.
/// </summary>
public sealed class SessionTokenFlow(CommandContext context, ProgressLog log)
{
    /// <param name="writeProfile">The profile to write the session into; null prints it.</param>
    /// <param name="format">How to print it: credential_process JSON (null) or an export format (sh, fish, powershell, dotenv, json).</param>
    public async Task<FailureKind?> RunAsync(LoginArguments args, string? writeProfile, CancellationToken cancellationToken, string? format = null)
    {
        if (format is not null && writeProfile is not null) throw new InvalidInput("give --write-profile or --format, not both");
        if (format is not null)
            format = ExportFormat.Canonical(format) ?? throw new InvalidInput($"--format must be one of {string.Join(", ", ExportFormat.Names)}, not \"{format}\"");
        var settings = IamUserProfiles.ForSource(args, context, codeOnControllingTerminal: writeProfile is null);
        // A code given on the command line is for a new session (awscli_bastion's get-session-token --mfa-code).
        settings = settings with { IamUser = settings.IamUser! with { RenewSession = args.Otp is not null } };
        var path = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, args.File);
        if (writeProfile is not null) WritableProfile.Check(new CredentialsFile(path), [writeProfile], settings.IamUser!.SourceProfile);
        using var pipeline = new LoginPipeline(context, log, settings);
        var signedIn = await pipeline.SignInAsync(cancellationToken);
        var session = signedIn.Session ?? throw new InvalidOperationException("the IAM-user source signs in with a session");
        ICredentialsDelivery delivery = writeProfile is null
            ? new PrintedDelivery(context, log, format ?? PrintedDelivery.CredentialProcess, quiet: format is null)
            : new ProfileOrExportsDelivery(context, log);
        delivery.Deliver(settings with { Profile = writeProfile, CredentialsFile = path }, session, settings.AwsRegion);
        return null;
    }
}
