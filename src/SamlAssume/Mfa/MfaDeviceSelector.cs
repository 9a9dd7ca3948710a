using SamlAssume.IdP.Mfa;
using SamlAssume.IdP.OneLogin;
using SamlAssume.Prompts;

namespace SamlAssume.Mfa;

/// <summary>
/// Picks the MFA device: <c>--mfa-device</c> (an id, a device type, or a short name), else the only device, else a
/// prompt with OneLogin's default device first. Without a terminal a choice it cannot make is a usage error.
/// </summary>
public sealed class MfaDeviceSelector(CommandContext context)
{
    public MfaDevice Select(IReadOnlyList<MfaDevice> devices, string? wanted)
    {
        if (devices.Count == 0)
        {
            throw new MfaFailed("OneLogin requires MFA but offered no device: enrol one in OneLogin first");
        }
        if (wanted is not null)
        {
            return Match(devices, wanted) ?? throw new InvalidInput(
                $"--mfa-device \"{wanted}\" matches none of your devices: {string.Join(", ", devices.Select(Label))}");
        }
        if (devices.Count == 1) return devices[0];

        var ordered = devices.OrderByDescending(d => d.IsDefault).ToList();
        if (!context.IsInteractive)
        {
            throw new InvalidInput(
                $"OneLogin offers {devices.Count} MFA devices ({string.Join(", ", ordered.Select(Label))}): choose one with --mfa-device");
        }
        return ChoicePrompt.Choose(context.Console, "Which MFA device?", ordered, Label);
    }

    public static string Label(MfaDevice device) => $"{device.DeviceType} ({device.DeviceId}){(device.IsDefault ? " [default]" : "")}";

    private static MfaDevice? Match(IReadOnlyList<MfaDevice> devices, string wanted)
    {
        var text = wanted.Trim();
        if (long.TryParse(text, out var id) && devices.FirstOrDefault(d => d.DeviceId == id) is { } byId) return byId;
        var byType = devices.Where(d => string.Equals(d.DeviceType, text, StringComparison.OrdinalIgnoreCase)).ToList();
        if (byType.Count > 0) return byType.OrderByDescending(d => d.IsDefault).First();
        if (MfaFactors.FromShortName(text) is { } factor)
        {
            return devices.Where(d => MfaFactors.Classify(d.DeviceType) == factor).OrderByDescending(d => d.IsDefault).FirstOrDefault();
        }
        return null;
    }
}
