using System.CommandLine;
using SamlAssume.Cache;
using SamlAssume.Net;
using SamlAssume.Settings;

namespace SamlAssume.Cli;

/// <summary>
/// Options of the commands that serve one profile's credentials (credential-process, env, exec, console, serve):
/// which profile (<c>-p NAME</c>, a positional NAME, else AWS_PROFILE, as the AWS CLI and aws-vault take it),
/// where the config files are, how fresh cached credentials must be. Everything else comes from the profile's
/// entry of onelogin.aws.json (or the IAM-user role profile of ~/.aws/config), exactly as <c>samlassume login -p NAME</c> would read it.
/// </summary>
public sealed class ProfileOptions
{
    private readonly CommandContext context;

    public ProfileOptions(CommandContext context)
    {
        this.context = context;
        Positional = result => result.GetValue(Name);
        ValueCompletion.Profiles(Profile, context);
        ValueCompletion.Profiles(Name, context);
        ValueCompletion.MfaDevices(MfaDevice);
    }

    public Option<string?> Profile { get; } = SharedOptions.Profile("The profile (default: the PROFILE argument, else AWS_PROFILE): its entry in onelogin.aws.json, or a role profile of ~/.aws/config");
    public Argument<string?> Name { get; } = new("PROFILE") { Description = "The profile, as -p (default AWS_PROFILE)", Arity = ArgumentArity.ZeroOrOne };

    /// <summary>The profile named without -p; exec reads it from before its <c>--</c>.</summary>
    public Func<ParseResult, string?> Positional { get; set; }
    public Option<int> MinRemaining { get; } = new Option<int>("--min-remaining") { Description = "Sign in again unless the cached credentials have more than this many minutes left (default 15)", DefaultValueFactory = _ => (int)CredentialExpiry.DefaultMinRemaining.TotalMinutes }.Counting("minutes");
    public Option<string?> ConfigDirectory { get; } = SharedOptions.ConfigDirectory();
    public Option<string?> MfaDevice { get; } = new("--mfa-device") { Description = "MFA device, if the profile's entry names none" };
    public Option<int> HttpTimeout { get; } = SharedOptions.HttpTimeout();
    public Option<int> NetworkDeadline { get; } = SharedOptions.NetworkDeadline();
    public Option<bool> Verbose { get; } = SharedOptions.Verbose();
    public Option<string?> KeychainService { get; } = new("--keychain-service") { Description = "Keyring service of the OneLogin password item (default samlassume-onelogin)" };
    public Option<string?> KeychainAccount { get; } = new("--keychain-account") { Description = "Keyring account of the OneLogin password item (default the OneLogin username)" };

    /// <param name="positional">Whether the command takes the profile as its argument too (exec splits its own).</param>
    public void AddTo(Command command, bool positional = true)
    {
        if (positional) command.Arguments.Add(Name);
        foreach (var option in new Option[] { Profile, MinRemaining, ConfigDirectory, MfaDevice, HttpTimeout, NetworkDeadline, Verbose, KeychainService, KeychainAccount }) command.Options.Add(option);
    }

    /// <summary>The variable <c>env</c> and <c>exec</c> set to the profile they serve (aws-vault's AWS_VAULT): a nested exec of another profile is refused.</summary>
    public const string MarkerVariable = "SAMLASSUME_PROFILE";

    /// <summary>-p, else the positional name, else AWS_PROFILE (then AWS_DEFAULT_PROFILE, as AWS CLI v1 reads it).</summary>
    public string NameOf(ParseResult result)
    {
        var flag = result.GetValue(Profile);
        var positional = Positional(result);
        if (flag is not null && positional is not null && flag != positional)
            throw CommandFailure.Usage($"the profile is given twice, as -p {flag} and as {positional}: give it once");
        var name = flag ?? positional ?? context.Environment["AWS_PROFILE"] ?? context.Environment["AWS_DEFAULT_PROFILE"];
        return string.IsNullOrEmpty(name)
            ? throw CommandFailure.Usage("which profile? give -p NAME (or NAME), or set AWS_PROFILE; `samlassume list` shows the profiles")
            : name;
    }

    public LoginArguments Bind(ParseResult result) => new()
    {
        Profile = NameOf(result),
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
