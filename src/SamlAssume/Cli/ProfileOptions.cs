using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Net;
using SamlAssume.Settings;

namespace SamlAssume.Cli;

/// <summary>
/// Options of the commands that serve one profile's credentials (credential-process, env, exec): which profile,
/// where the config files are, how fresh cached credentials must be. Everything else comes from the profile's
/// entry of onelogin.aws.json, exactly as <c>samlassume login -p NAME</c> would read it.
/// </summary>
public sealed class ProfileOptions
{
    public Option<string?> Profile { get; } = Required(SharedOptions.Profile("The profile: its entry in onelogin.aws.json says app, account, role, region and MFA device"));
    public Option<int> MinRemaining { get; } = new Option<int>("--min-remaining") { Description = "Sign in again unless the cached credentials have more than this many minutes left (default 15)", DefaultValueFactory = _ => (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes }.Counting("minutes");
    public Option<string?> ConfigDirectory { get; } = SharedOptions.ConfigDirectory();
    public Option<string?> MfaDevice { get; } = new("--mfa-device") { Description = "MFA device, if the profile's entry names none" };
    public Option<int> HttpTimeout { get; } = SharedOptions.HttpTimeout();
    public Option<int> NetworkDeadline { get; } = SharedOptions.NetworkDeadline();
    public Option<bool> Verbose { get; } = SharedOptions.Verbose();
    public Option<string?> KeychainService { get; } = new("--keychain-service") { Description = "Keyring service of the OneLogin password item (default samlassume-onelogin)" };
    public Option<string?> KeychainAccount { get; } = new("--keychain-account") { Description = "Keyring account of the OneLogin password item (default the OneLogin username)" };

    private static Option<string?> Required(Option<string?> option)
    {
        option.Required = true;
        return option;
    }

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Profile, MinRemaining, ConfigDirectory, MfaDevice, HttpTimeout, NetworkDeadline, Verbose, KeychainService, KeychainAccount }) command.Options.Add(option);
    }

    public LoginArguments Bind(ParseResult result) => new()
    {
        Profile = result.GetValue(Profile),
        ConfigDirectory = result.GetValue(ConfigDirectory),
        MfaDevice = result.GetValue(MfaDevice),
        HttpTimeout = result.GetValue(HttpTimeout),
        NetworkDeadline = result.GetValue(NetworkDeadline),
        Verbose = result.GetValue(Verbose),
        Keychain = new Keyring.KeychainOptions(result.GetValue(KeychainService), result.GetValue(KeychainAccount), SavePassword: false),
        Advice = Prompts.SignInAdvice.ProfileEntry,
    };

    public TimeSpan MinRemainingOf(ParseResult result)
    {
        var minutes = result.GetValue(MinRemaining);
        return CredentialExpiry.MinRemaining(minutes)
            ?? throw CommandFailure.Usage($"--min-remaining must be between 0 and {CredentialExpiry.MaxMinRemainingMinutes} minutes, not {minutes}");
    }
}
