using System.CommandLine;
using SamlAssume.Aws.Sessions;
using SamlAssume.Settings;

namespace SamlAssume.Cli;

/// <summary>The options every command of the IAM-user source shares: which keys, which device, which code.</summary>
public sealed class IamUserOptions
{
    public Option<string> SourceProfile { get; } = new("--source-profile") { Description = "Profile of the credentials file with the IAM user's long-lived keys (e.g. bastion)" };
    public Option<string?> MfaSerial { get; } = new("--mfa-serial") { Description = "MFA device ARN (default: mfa_serial of the source profile, or of its `samlassume session-token` profile)" };
    public Option<string?> Otp { get; } = new("--otp") { Description = "MFA code, used once (or AWS_MFA_CODE; else a hidden prompt)" };
    public Option<int?> SessionDuration { get; } = new Option<int?>("--session-duration") { Description = $"MFA session length in seconds, {MfaSession.MinDurationSeconds} to {MfaSession.MaxDurationSeconds} (default {MfaSession.DefaultDurationSeconds})" }.Counting("seconds");
    public Option<int> HttpTimeout { get; } = SharedOptions.HttpTimeout();
    public Option<bool> Verbose { get; } = SharedOptions.Verbose();

    public void AddTo(Command command, bool sessionDuration = true)
    {
        foreach (var option in new Option[] { SourceProfile, MfaSerial, Otp, HttpTimeout, Verbose }) command.Options.Add(option);
        if (sessionDuration) command.Options.Add(SessionDuration);
    }

    public LoginArguments Bind(ParseResult result, int? sessionDuration = null) => new()
    {
        SourceProfile = result.GetValue(SourceProfile),
        MfaSerial = result.GetValue(MfaSerial),
        Otp = result.GetValue(Otp),
        SessionDuration = sessionDuration ?? result.GetValue(SessionDuration),
        HttpTimeout = result.GetValue(HttpTimeout),
        Verbose = result.GetValue(Verbose),
    };
}
