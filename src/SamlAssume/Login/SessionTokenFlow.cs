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
    public async Task<FailureKind?> RunAsync(LoginArguments args, string? writeProfile, CancellationToken cancellationToken)
    {
        var settings = IamUserProfiles.ForSource(args, context, codeOnControllingTerminal: writeProfile is null);
        var path = CredentialsFile.ResolvePath(name => context.Environment[name], context.HomeDirectory, args.File);
        if (writeProfile is not null) WritableProfile.Check(new CredentialsFile(path), [writeProfile], settings.IamUser!.SourceProfile);
        using var pipeline = new LoginPipeline(context, log, settings);
        var signedIn = await pipeline.SignInAsync(cancellationToken);
        var session = signedIn.Session ?? throw new InvalidOperationException("the IAM-user source signs in with a session");
        ICredentialsDelivery delivery = writeProfile is null
            ? new PrintedDelivery(context, log, PrintedDelivery.CredentialProcess, quiet: true)
            : new ProfileOrExportsDelivery(context, log);
        delivery.Deliver(settings with { Profile = writeProfile, CredentialsFile = path }, session, settings.AwsRegion);
        return null;
    }
}
