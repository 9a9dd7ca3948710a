using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace SamlAssume.Sandbox;

/// <summary>IAM's Query API (version 2010-05-08) for the IAM-user workflows: who am I, my MFA devices, key rotation.</summary>
internal static partial class IamApi
{
    public const string Version = "2010-05-08";
    private const string GetUser = SandboxEndpoints.IamGetUser;
    private const string ListMFADevices = SandboxEndpoints.IamListMfaDevices;
    private const string ListAccessKeys = SandboxEndpoints.IamListAccessKeys;
    private const string CreateAccessKey = SandboxEndpoints.IamCreateAccessKey;
    private const string DeleteAccessKey = SandboxEndpoints.IamDeleteAccessKey;

    private static readonly HashSet<string> Actions = [GetUser, ListMFADevices, ListAccessKeys, CreateAccessKey, DeleteAccessKey];

    public static bool Handles(string action) => Actions.Contains(action);

    // API reference patterns: UserName [\w+=,.@-]+ (1–128), AccessKeyId [\w]+ (16–128), MaxItems 1–1000, Marker [\u0020-\u00FF]+.
    [GeneratedRegex(@"^[\w+=,.@-]{1,128}$")]
    private static partial Regex UserNamePattern();

    [GeneratedRegex(@"^\w{16,128}$")]
    private static partial Regex AccessKeyIdPattern();

    public static async Task HandleAsync(HttpContext context, StsRequest request, SandboxState state)
    {
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var record = RequestRecord.Of(context);
        var form = request.Parameters;
        try
        {
            if (form.GetValueOrDefault("Version") is { Length: > 0 } version && version != Version)
                throw new IamRejection(new IamError(400, "InvalidAction", $"Could not find operation {form["Action"]} for version {version}"));
            var store = state.IamKeys;
            store.PromoteDue(state);
            var caller = Caller(context, request, state);
            record.Set("caller_access_key_id", caller.AccessKeyId);
            var action = form["Action"];
            var user = TargetUser(caller, form, state, action);
            record.Set("user_name", user.UserName);

            string xml = action switch
            {
                GetUser => IamXml.Success(GetUser, requestId, IamXml.E("User", new object[]
                {
                    IamXml.E("Path", "/"),
                    IamXml.E("UserName", user.UserName),
                    IamXml.E("UserId", IssuedCredentials.UserId(user)),
                    IamXml.E("Arn", user.Arn),
                    IamXml.E("CreateDate", IamXml.Date(state.Clock.GetUtcNow().AddDays(-365))),
                })),
                ListMFADevices => IamXml.Success(ListMFADevices, requestId, Paged(form, user.MfaDevices, "MFADevices", device =>
                [
                    IamXml.E("UserName", user.UserName),
                    IamXml.E("SerialNumber", device.SerialNumber),
                    IamXml.E("EnableDate", IamXml.Date(state.Clock.GetUtcNow().AddDays(-30))),
                ])),
                ListAccessKeys => IamXml.Success(ListAccessKeys, requestId, Paged(form, store.KeysOf(user.UserName), "AccessKeyMetadata", key =>
                [
                    IamXml.E("UserName", key.UserName),
                    IamXml.E("AccessKeyId", key.AccessKeyId),
                    IamXml.E("Status", key.Status),
                    IamXml.E("CreateDate", IamXml.Date(key.CreateDate)),
                ])),
                CreateAccessKey => CreateKey(user, store, state, requestId, record),
                DeleteAccessKey => DeleteKey(user, form, store, state, requestId, record),
                _ => throw new IamRejection(new IamError(400, "InvalidAction", $"Could not find operation {action} for version {Version}")),
            };
            await HttpAnswers.XmlAsync(context, 200, xml);
        }
        catch (IamRejection rejection)
        {
            record.Set("error_code", rejection.Error.Code);
            await HttpAnswers.XmlAsync(context, rejection.Error.Status, IamXml.Error(rejection.Error, requestId));
        }
    }

    /// <summary>
    /// SigV4 against IAM's scope ("iam"), then IAM's own rule for sessions: a GetSessionToken session without MFA is
    /// refused with InvalidClientTokenId. Role sessions pass (they need UserName to name a user: see TargetUser).
    /// </summary>
    private static IssuedCredential Caller(HttpContext context, StsRequest request, SandboxState state)
    {
        IssuedCredential caller;
        try
        {
            caller = SigV4Verifier.Verify(context.Request, request.RawTarget, request.Body, state, service: "iam");
        }
        catch (StsRejection rejection)
        {
            throw new IamRejection(IamError.FromSts(rejection.Error));
        }
        if (caller.Kind == CredentialKind.UserSession && !caller.MultiFactor) throw new IamRejection(IamError.InvalidClientTokenId());
        return caller;
    }

    /// <summary>
    /// The user an action is about: UserName when given, else the caller's own user. A user may act on itself only
    /// (the usual "arn:aws:iam::*:user/${aws:username}" self-service policy, e.g. aws-vault's USAGE.md); a role session
    /// may name any user of its account (sandbox simplification, as AssumeRoleAction trusts every session).
    /// </summary>
    private static SandboxIamUser TargetUser(IssuedCredential caller, IReadOnlyDictionary<string, string> form, SandboxState state, string action)
    {
        var callerUser = state.Tenant.IamUsers.FirstOrDefault(u => u.Arn == caller.AssumedRoleArn);
        if (form.GetValueOrDefault("UserName") is not { Length: > 0 } userName)
        {
            // A role session has no user to infer: AWS answers ValidationError for GetUser ("Must specify userName
            // when calling with non-User credentials"; unconfirmed wording — make it configurable).
            return callerUser ?? throw new IamRejection(IamError.Validation("Must specify userName when calling with non-User credentials"));
        }
        if (!UserNamePattern().IsMatch(userName))
            throw new IamRejection(IamError.Validation($"1 validation error detected: Value '{userName}' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+"));
        var target = state.Tenant.IamUsers.FirstOrDefault(u => u.UserName == userName);
        var account = callerUser?.AccountId ?? caller.Account;
        if (callerUser is not null && callerUser.UserName != userName)
            // AWS checks authorisation before existence: an unknown name the caller may not touch is AccessDenied, not NoSuchEntity.
            throw new IamRejection(IamError.AccessDenied(caller.AssumedRoleArn, action, $"user {userName}"));
        return target is not null && target.AccountId == account ? target : throw new IamRejection(IamError.NoSuchUser(userName));
    }

    private static object[] Paged<T>(IReadOnlyDictionary<string, string> form, IReadOnlyList<T> all, string listName, Func<T, XElement[]> member)
    {
        var maxItems = 100; // documented default
        if (form.GetValueOrDefault("MaxItems") is { Length: > 0 } maxText &&
            (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out maxItems) || maxItems is < 1 or > 1000))
            throw new IamRejection(IamError.Validation($"1 validation error detected: Value '{maxText}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000"));
        var start = 0;
        if (form.GetValueOrDefault("Marker") is { Length: > 0 } marker &&
            (!int.TryParse(marker, NumberStyles.None, CultureInfo.InvariantCulture, out start) || start > all.Count))
            throw new IamRejection(IamError.Validation("Invalid Marker"));
        return IamXml.Page(listName, all, start, maxItems, member);
    }

    private static string CreateKey(SandboxIamUser user, IamKeyStore store, SandboxState state, string requestId, RequestRecord record)
    {
        var key = store.Create(user, state);
        record.Set("new_access_key_id", key.AccessKeyId);
        return IamXml.Success(CreateAccessKey, requestId, IamXml.E("AccessKey", new object[]
        {
            IamXml.E("UserName", key.UserName),
            IamXml.E("AccessKeyId", key.AccessKeyId),
            IamXml.E("Status", key.Status),
            IamXml.E("SecretAccessKey", key.SecretAccessKey),
            IamXml.E("CreateDate", IamXml.Date(key.CreateDate)),
        }));
    }

    private static string DeleteKey(SandboxIamUser user, IReadOnlyDictionary<string, string> form, IamKeyStore store, SandboxState state, string requestId, RequestRecord record)
    {
        var accessKeyId = form.GetValueOrDefault("AccessKeyId") ?? "";
        if (accessKeyId.Length == 0) throw new IamRejection(new IamError(400, "MissingParameter", "The request must contain the parameter AccessKeyId"));
        if (!AccessKeyIdPattern().IsMatch(accessKeyId))
            throw new IamRejection(IamError.Validation($"1 validation error detected: Value '{accessKeyId}' at 'accessKeyId' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w]+"));
        record.Set("deleted_access_key_id", accessKeyId);
        store.Delete(user.UserName, accessKeyId, state);
        return IamXml.Success(DeleteAccessKey, requestId, null);
    }
}
