namespace SamlAssume.Sandbox;

// IAM errors as the Query API sends them. Sources (IAM API Reference, 2010-05-08):
//   GetUser          https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetUser.html
//   ListMFADevices   https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListMFADevices.html
//   ListAccessKeys   https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListAccessKeys.html
//   CreateAccessKey  https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateAccessKey.html
//   DeleteAccessKey  https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteAccessKey.html
//   Common errors    https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html
//   Quotas (2 keys)  https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// Each action: without UserName, "IAM determines the user name implicitly based on the AWS access key ID signing the
// request" (same words on all five pages). Errors: NoSuchEntity 404, LimitExceeded 409, ServiceFailure 500 (per page);
// InvalidClientTokenId 403, AccessDenied(Exception) 403, ValidationError 400 (common errors).
// IAM with a GetSessionToken session that carried no MFA code answers InvalidClientTokenId ("The security token
// included in the request is invalid"): STS API reference for GetSessionToken ("You cannot call any IAM API operations
// unless MFA authentication information is included in the request"), observed in github.com/99designs/aws-vault
// issues #15, #328, #1056.
// Message texts below for NoSuchEntity/LimitExceeded are the ones moto 5.2.1 sends (observed against moto_server 5.2.1),
// which follow AWS's wording; AWS's exact text for a third key is "Cannot exceed quota for AccessKeysPerUser: 2".

/// <summary>An IAM error; rendered like STS's but in IAM's namespace.</summary>
internal sealed record IamError(int Status, string Code, string Message, string Type = "Sender")
{
    public static IamError NoSuchUser(string userName) => new(404, "NoSuchEntity", $"The user with name {userName} cannot be found.");
    public static IamError NoSuchKey(string accessKeyId) => new(404, "NoSuchEntity", $"The Access Key with id {accessKeyId} cannot be found");
    public static IamError KeyQuota() => new(409, "LimitExceeded", $"Cannot exceed quota for AccessKeysPerUser: {IamKeyStore.KeysPerUser}");
    public static IamError Validation(string message) => new(400, "ValidationError", message);
    public static IamError AccessDenied(string callerArn, string action, string resource) =>
        new(403, "AccessDenied", $"User: {callerArn} is not authorized to perform: iam:{action} on resource: {resource}");
    public static IamError InvalidClientTokenId() => new(403, "InvalidClientTokenId", "The security token included in the request is invalid");
    public static IamError FromSts(StsError error) => new(error.Status, error.Code, error.Message, error.Type);
}

