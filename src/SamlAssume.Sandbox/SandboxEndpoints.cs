namespace SamlAssume.Sandbox;

/// <summary>Names used by the journal and by faults to say which endpoint a request hit.</summary>
public static class SandboxEndpoints
{
    public const string Token = "token";
    public const string SamlAssertion = "saml_assertion";
    public const string VerifyFactor = "verify_factor";
    /// <summary>GET /api/1/users/{id}/otp_devices (the user's enrolled MFA devices).</summary>
    public const string OtpDevices = "otp_devices";
    public const string AssumeRoleWithSaml = "AssumeRoleWithSAML";
    public const string GetCallerIdentity = "GetCallerIdentity";
    public const string AssumeRole = "AssumeRole";
    public const string GetSessionToken = "GetSessionToken";
    /// <summary>IAM's Query API on the same port (docs.aws.amazon.com/IAM/latest/APIReference/).</summary>
    public const string IamGetUser = "GetUser";
    public const string IamListMfaDevices = "ListMFADevices";
    public const string IamListAccessKeys = "ListAccessKeys";
    public const string IamCreateAccessKey = "CreateAccessKey";
    public const string IamDeleteAccessKey = "DeleteAccessKey";
    public const string Metadata = "metadata";
    /// <summary>The sign-in federation endpoint (console sign-in): getSigninToken, login, or a request naming neither.</summary>
    public const string GetSigninToken = "getSigninToken";
    public const string ConsoleLogin = "login";
    public const string Federation = "federation";
    /// <summary>The web sign-in of the AWS app (GET/POST /trust/saml2/launch/{appId}), for login --browser.</summary>
    public const string WebSignIn = "web_signin";
}
