using System.CommandLine;
using SamlAssume.Settings;

namespace SamlAssume.Cli;

/// <summary>
/// What tab completion offers for an option's value (through System.CommandLine's completion sources, which the
/// <c>completion</c> scripts ask with the [suggest] directive): profile names, AWS regions, MFA device names.
/// </summary>
public static class ValueCompletion
{
    /// <summary>The names <see cref="ServableProfiles"/> finds (with the line's <c>-c DIR</c>, if any); nothing when the files cannot be read.</summary>
    public static void Profiles(Symbol symbol, CommandContext context)
    {
        Func<System.CommandLine.Completions.CompletionContext, IEnumerable<string>> names = completion => ProfileNames(completion, context);
        if (symbol is Option option) option.CompletionSources.Add(names);
        else if (symbol is Argument argument) argument.CompletionSources.Add(names);
    }

    /// <summary>The profile names for the line being completed.</summary>
    public static IEnumerable<string> ProfileNames(System.CommandLine.Completions.CompletionContext completion, CommandContext context)
    {
        try
        {
            var directory = completion.ParseResult.CommandResult.Command.Options.FirstOrDefault(o => o.Name == "--config-file-path") is Option<string?> c
                ? completion.ParseResult.GetValue(c) : null;
            // A source profile is served by session-token, not by the profile commands.
            return ServableProfiles.Read(context, directory).Where(p => p.Kind != "iam-user").Select(p => p.Name).ToList();
        }
#pragma warning disable CA1031 // completion must never print an error into the user's command line
        catch (Exception)
#pragma warning restore CA1031
        {
            return [];
        }
    }

    /// <summary>Every region the AWS SDK knows (<c>Amazon.RegionEndpoint</c>).</summary>
    public static void Regions(Option option) =>
        option.CompletionSources.Add(_ => SamlAssume.Aws.AwsRegions.All);

    /// <summary>The short device names <c>--mfa-device</c> takes (a device id or type name is typed out).</summary>
    public static void MfaDevices(Option option) =>
        option.CompletionSources.Add("push", "sms", "email", "voice", "totp", "yubikey", "duo", "authy");
}
