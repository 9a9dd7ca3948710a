namespace SamlAssume.Prompts;

/// <summary>
/// How a message tells the user to supply what is missing, in terms the running command accepts: <c>login</c>,
/// <c>roles</c> and the like take the sign-in flags; the profile commands (credential-process, env, exec, console,
/// serve) take only <c>--profile</c> and read the rest from the profile's entry in onelogin.aws.json, so suggesting
/// <c>-u</c> or <c>--otp</c> there would send the user to a flag the command refuses.
/// </summary>
public sealed record SignInAdvice(bool TakesSignInFlags)
{
    public static readonly SignInAdvice LoginFlags = new(true);
    public static readonly SignInAdvice ProfileEntry = new(false);

    public string Username => TakesSignInFlags ? "-u/--onelogin-username (or username in onelogin.aws.json)" : "the username (username in the profile's entry of onelogin.aws.json)";

    // The password never belongs in onelogin.aws.json.
    public string Password => TakesSignInFlags
        ? "the password (ONELOGIN_PASSWORD, --password-stdin, --onelogin-password, or the keyring: samlassume keyring set-password)"
        : "the password (ONELOGIN_PASSWORD, or the keyring: samlassume keyring set-password)";

    public string AppId => TakesSignInFlags ? "-a/--onelogin-app-id (or app_id in onelogin.aws.json)" : "the app id (app_id in onelogin.aws.json)";

    public string Subdomain => TakesSignInFlags ? "-d/--onelogin-subdomain (or subdomain in onelogin.aws.json)" : "the subdomain (subdomain in onelogin.aws.json)";

    public string Otp => TakesSignInFlags ? "pass --otp or set ONELOGIN_OTP" : "set ONELOGIN_OTP";

    /// <summary>Where a preset MFA code came from, as the command names it.</summary>
    public string OtpSource => TakesSignInFlags ? "--otp or ONELOGIN_OTP" : "ONELOGIN_OTP";

    /// <summary>What to do about a push that was not approved in time, without a terminal to ask for the code.</summary>
    public string PushNotApproved => TakesSignInFlags
        ? "approve it sooner, raise --mfa-timeout, or pass the app's code with --otp or ONELOGIN_OTP"
        : "approve it sooner, or set the app's code in ONELOGIN_OTP";

    public string RoleChoice => TakesSignInFlags
        ? "pass --aws-account-id and --aws-role-name"
        : "set aws_account_id and aws_role_name in the profile's entry of onelogin.aws.json";

    public string ApiClient => TakesSignInFlags ? " or pass -i/--client_id and -s/--client_secret" : "";
}
