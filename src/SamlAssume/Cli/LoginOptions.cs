using System.CommandLine;
using SamlAssume.Net;
using SamlAssume.Settings;

namespace SamlAssume.Cli;

/// <summary>
/// The login options, with the long and short names of OneLogin's Python tool so its users need not relearn
/// anything. One instance per command, because an option belongs to one parent.
/// </summary>
public sealed class LoginOptions
{
    public Option<string?> ClientId { get; } = new("--client_id", "-i") { Description = "OneLogin API client ID (onelogin.sdk.json: client_id)" };
    public Option<string?> ClientSecret { get; } = new("--client_secret", "-s") { Description = "OneLogin API client secret (prefer onelogin.sdk.json: it is visible in the process list here)" };
    public Option<string?> Region { get; } = new("--region", "-r") { Description = "OneLogin API region: us or eu (onelogin.sdk.json: region)" };
    public Option<int> Time { get; } = new Option<int>("--time", "-t") { Description = "Minutes between runs of a loop, 15 to 60", DefaultValueFactory = _ => LoginArguments.Defaults.Time }.Counting("minutes");
    public Option<int> Loop { get; } = new Option<int>("--loop", "-l") { Description = "How many runs in all (0: until interrupted)", DefaultValueFactory = _ => 1 }.Counting("runs");
    public Option<string?> Profile { get; } = SharedOptions.Profile("Write the credentials into this profile of the shared credentials file");
    public Option<string?> File { get; } = new("--file", "-f") { Description = "The credentials file to write (default: AWS_SHARED_CREDENTIALS_FILE or ~/.aws/credentials)" };
    public Option<string?> Username { get; } = new("--onelogin-username", "-u") { Description = "OneLogin username or email" };
    public Option<string?> Password { get; } = new("--onelogin-password") { Description = "OneLogin password (visible in the process list: prefer the prompt or ONELOGIN_PASSWORD)" };
    public Option<string?> Otp { get; } = new("--otp") { Description = "MFA code, used once (or ONELOGIN_OTP)" };
    public Option<string?> AppId { get; } = new("--onelogin-app-id", "-a") { Description = "The ID of the AWS app in OneLogin" };
    public Option<string?> Subdomain { get; } = new("--onelogin-subdomain", "-d") { Description = "Your OneLogin subdomain (the <x> of <x>.onelogin.com)" };
    public Option<int?> Duration { get; } = new Option<int?>("--duration", "-z") { Description = "Session length in seconds, 900 to 43200 (default 3600)" }.Counting("seconds");
    public Option<bool> Interactive { get; } = new("--interactive", "-x") { Description = "After each run, offer another role, another user or another profile" };
    public Option<string?> ConfigDirectory { get; } = SharedOptions.ConfigDirectory();
    public Option<string?> AwsRegion { get; } = new("--aws-region") { Description = "AWS region written into the profile and used for STS" };
    public Option<string?> AwsAccountId { get; } = new("--aws-account-id") { Description = "Choose the role in this account without a prompt" };
    public Option<string?> AwsRoleName { get; } = new("--aws-role-name") { Description = "Choose the role of this name without a prompt" };
    public Option<bool> CacheSaml { get; } = new("--cache-saml") { Description = "Keep the SAML assertion while it is valid, to take another role without MFA" };
    public Option<bool> RoleOrder { get; } = new("--role_order") { Description = "Sort the role list by role name instead of by account" };
    public Option<string?> Ip { get; } = new("--ip") { Description = "Client IP address sent to OneLogin (for IP-based MFA policies)" };
    public Option<int> SamlApiVersion { get; } = new("--saml-api-version") { Description = "OneLogin SAML assertion API version: 1 or 2", DefaultValueFactory = _ => 2 };
    public Option<string?> MfaDevice { get; } = new("--mfa-device") { Description = "MFA device: an id, a type (\"Google Authenticator\") or push, sms, email, voice, totp, yubikey" };
    public Option<int> HttpTimeout { get; } = SharedOptions.HttpTimeout();
    public Option<int> NetworkDeadline { get; } = SharedOptions.NetworkDeadline();
    public Option<int> MfaTimeout { get; } = new Option<int>("--mfa-timeout") { Description = "Seconds to wait for a push approval before giving up (or, at a terminal, asking for the app's code)", DefaultValueFactory = _ => LoginArguments.Defaults.MfaTimeout }.Counting("seconds");
    public Option<bool> Verbose { get; } = SharedOptions.Verbose();
    public Option<string?> IdpCert { get; } = new("--idp-cert") { Description = "The IdP's signing certificate (PEM file or inline PEM): verify the assertion before calling STS (onelogin.aws.json: idp_certificate)" };
    public Option<string?> IdpMetadata { get; } = new("--idp-metadata") { Description = "The IdP's SAML metadata file: verify the assertion with its signing certificate and require its entityID as Issuer" };
    public Option<bool> AllowSha1 { get; } = new("--allow-sha1") { Description = "Accept an assertion signed with SHA-1 (refused by default)" };
    public Option<string?> SaveAssertion { get; } = new("--save-assertion") { Description = "Keep the login's SAMLResponse (base64) in this file, mode 0600, for `samlassume assertion inspect`" };

    public Option<bool> AllRoles { get; } = new("--all-roles") { Description = "Assume every role in the assertion, each into its own profile (see --profile-template)" };
    public Option<string?> Roles { get; } = new("--roles") { Description = "Assume the roles matching a glob or /regex/ on account/role or alias/role, each into its own profile" };
    public Option<int?> MaxParallel { get; } = new Option<int?>("--max-parallel") { Description = "With --all-roles/--roles: at most this many STS calls at once (default: start at 24 and adapt to STS's throttling, up to 64)" }.Counting("calls");
    public Option<string> ProfileTemplate { get; } = new("--profile-template") { Description = "With --all-roles/--roles: profile names from {alias} (account id without one), {account}, {role}", DefaultValueFactory = _ => ManyRolesArguments.DefaultTemplate };
    public Option<int> ConnectTimeout { get; } = new Option<int>("--connect-timeout") { Description = $"Seconds to wait for a connection to OneLogin or STS (default {LoginArguments.Defaults.ConnectTimeout})", DefaultValueFactory = _ => LoginArguments.Defaults.ConnectTimeout }.Counting("seconds");
    public Option<bool> PasswordStdin { get; } = new("--password-stdin") { Description = "Read the OneLogin password from the first line of standard input" };
    public Option<bool> SavePassword { get; } = new("--save-password") { Description = "After a successful sign-in, store the OneLogin password in the keyring without asking" };
    public Option<string?> KeychainService { get; } = new("--keychain-service") { Description = "Keyring service of the OneLogin password item (as OneLogin's tool; default samlassume-onelogin); implies storing it" };
    public Option<string?> KeychainAccount { get; } = new("--keychain-account") { Description = "Keyring account of the OneLogin password item (as OneLogin's tool; default the OneLogin username); implies storing it" };
    public Option<bool> Browser { get; } = new("--browser") { Description = "Sign in through the IdP's web page in a Chromium-family browser (Chrome, Chromium, Edge, Brave) instead of OneLogin's API" };
    public Option<string?> IdpUrl { get; } = new("--idp-url") { Description = "With --browser: the IdP's sign-in URL that posts to AWS (default for OneLogin: the app's launch URL from -d and -a)" };
    public Option<bool> Headless { get; } = new("--headless") { Description = "With --browser: no window (an IdP that signs you in without a page: SSO cookie, Kerberos)" };
    public Option<string?> BrowserPath { get; } = new("--browser-path") { Description = "With --browser: the browser's executable (or SAMLASSUME_BROWSER; default: Chrome, Chromium, Edge or Brave found on PATH)" };
    public Option<int?> BrowserTimeout { get; } = new Option<int?>("--browser-timeout") { Description = "With --browser: seconds to wait for the IdP to post to AWS (default 300 with a window, 60 headless)" }.Counting("seconds");

    public IEnumerable<Option> All =>
    [
        ClientId, ClientSecret, Region, Time, Loop, Profile, File, Username, Password, Otp, AppId, Subdomain, Duration,
        Interactive, ConfigDirectory, AwsRegion, AwsAccountId, AwsRoleName, CacheSaml, RoleOrder, Ip, SamlApiVersion,
        MfaDevice, HttpTimeout, NetworkDeadline, Verbose, MfaTimeout, IdpCert, IdpMetadata, AllowSha1, SaveAssertion, ConnectTimeout, PasswordStdin,
        SavePassword, KeychainService, KeychainAccount, AllRoles, Roles, MaxParallel, ProfileTemplate,
        Browser, IdpUrl, Headless, BrowserPath, BrowserTimeout,
    ];

    public void AddTo(Command command)
    {
        foreach (var option in All) command.Options.Add(option);
    }

    public LoginArguments Bind(ParseResult result) => new()
    {
        ClientId = result.GetValue(ClientId),
        ClientSecret = result.GetValue(ClientSecret),
        Region = result.GetValue(Region),
        Time = result.GetValue(Time),
        Loop = result.GetValue(Loop),
        Profile = result.GetValue(Profile),
        File = result.GetValue(File),
        Username = result.GetValue(Username),
        Password = result.GetValue(Password),
        Otp = result.GetValue(Otp),
        AppId = result.GetValue(AppId),
        Subdomain = result.GetValue(Subdomain),
        Duration = result.GetValue(Duration),
        Interactive = result.GetValue(Interactive),
        ConfigDirectory = result.GetValue(ConfigDirectory),
        AwsRegion = result.GetValue(AwsRegion),
        AwsAccountId = result.GetValue(AwsAccountId),
        AwsRoleName = result.GetValue(AwsRoleName),
        CacheSaml = result.GetValue(CacheSaml),
        RoleOrder = result.GetValue(RoleOrder),
        Ip = result.GetValue(Ip),
        SamlApiVersion = result.GetValue(SamlApiVersion),
        MfaDevice = result.GetValue(MfaDevice),
        HttpTimeout = result.GetValue(HttpTimeout),
        NetworkDeadline = result.GetValue(NetworkDeadline),
        Verbose = result.GetValue(Verbose),
        MfaTimeout = result.GetValue(MfaTimeout),
        IdpCert = result.GetValue(IdpCert),
        IdpMetadata = result.GetValue(IdpMetadata),
        AllowSha1 = result.GetValue(AllowSha1),
        SaveAssertion = result.GetValue(SaveAssertion),
        ManyRoles = new ManyRolesArguments(result.GetValue(AllRoles), result.GetValue(Roles), result.GetValue(MaxParallel), result.GetValue(ProfileTemplate)!),
        ConnectTimeout = result.GetValue(ConnectTimeout),
        PasswordStdin = result.GetValue(PasswordStdin),
        Keychain = new Keyring.KeychainOptions(result.GetValue(KeychainService), result.GetValue(KeychainAccount), result.GetValue(SavePassword)),
        Browser = result.GetValue(Browser),
        IdpUrl = result.GetValue(IdpUrl),
        Headless = result.GetValue(Headless),
        BrowserPath = result.GetValue(BrowserPath),
        BrowserTimeout = result.GetValue(BrowserTimeout),
    };
}
