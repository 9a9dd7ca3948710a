using SamlAssume.Aws.Iam;
using SamlAssume.Aws.Sessions;
using Spectre.Console;

namespace SamlAssume.Sources.IamUser;

/// <summary>
/// The MFA device of a source profile when no <c>mfa_serial</c> names one anywhere (awscli_bastion's set-mfa-serial,
/// stscreds): iam:GetUser for the user of the long-lived key, then iam:ListMFADevices for that user (moto needs the
/// name; AWS infers it). One device is used, and the log says so and how to skip the lookup; several are asked at a
/// terminal, else a one-line error lists them; none is an error that says a session without MFA opens no role.
/// </summary>
public sealed class MfaDeviceLookup(CommandContext context, ProgressLog log, IamQueryClient iam, bool onControllingTerminal)
{
    public async Task<string> FindAsync(SourceProfile source, CancellationToken cancellationToken)
    {
        var key = new AwsKeyCredentials(source.AccessKeyId, source.SecretAccessKey);
        IReadOnlyList<IamMfaDevice> devices;
        IamUserDetails user;
        try
        {
            log.Detail($"no mfa_serial for [{source.Name}]: asking IAM at {iam.Iam} (GetUser, ListMFADevices)");
            user = await iam.GetUserAsync(key, cancellationToken: cancellationToken);
            devices = await iam.ListMfaDevicesAsync(key, user.UserName, cancellationToken);
        }
        catch (AwsQueryException e) when (!e.Unavailable)
        {
            throw new InvalidInput(
                $"no MFA device for source profile '{source.Name}' (give --mfa-serial or set mfa_serial in the profile), and IAM did not list its devices: {e.Message}", e);
        }
        var serials = devices.Select(d => d.SerialNumber).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        switch (serials.Count)
        {
            case 0:
                throw new AwsProfileException($"IAM lists no MFA device for {user.Arn} (source profile '{source.Name}'): enable one, or give --mfa-serial");
            case 1:
                log.Step($"Using MFA device {serials[0]}, the only one IAM lists for {user.Arn}; set mfa_serial = {serials[0]} in [{source.Name}] to skip this lookup.");
                return serials[0];
            default:
                return Choose(source, user, serials);
        }
    }

    private string Choose(SourceProfile source, IamUserDetails user, IReadOnlyList<string> serials)
    {
        var prompt = new SelectionPrompt<string>().Title(Markup.Escape($"MFA device for {user.Arn}:")).AddChoices(serials);
        if (onControllingTerminal)
        {
            using var terminal = context.OpenTerminal();
            if (terminal is not null) return Prompts.InterruptiblePrompt.Ask(terminal.Console, prompt, context.Interrupt);
        }
        else if (context.IsInteractive)
        {
            return Prompts.InterruptiblePrompt.Ask(context.Console, prompt, context.Interrupt);
        }
        throw new AwsProfileException(
            $"IAM lists {serials.Count} MFA devices for {user.Arn} ({string.Join(", ", serials)}) and there is no terminal to ask which: give --mfa-serial or set mfa_serial in [{source.Name}]");
    }
}
