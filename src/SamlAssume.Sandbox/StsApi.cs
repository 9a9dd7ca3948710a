using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;

namespace SamlAssume.Sandbox;

/// <summary>
/// AWS STS on the Query protocol (botocore's sts/2011-06-15 model says "protocol": "query"): POST / with a
/// form body (or GET with the query string), XML answers in the 2011-06-15 namespace.
/// </summary>
internal static class StsApi
{
    public const string Version = "2011-06-15";

    /// <summary>Reads the request so the action is known before faults and journal need it.</summary>
    public static async Task<StsRequest> ReadAsync(HttpContext context)
    {
        context.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
        var body = buffer.ToArray();
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in QueryHelpers.ParseQuery(context.Request.QueryString.Value))
            parameters[name] = value.ToString();
        if (context.Request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
            foreach (var (name, value) in QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
                parameters[name] = value.ToString();
        var rawTarget = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path + context.Request.QueryString;
        return new StsRequest(parameters, body, rawTarget);
    }

    public static async Task HandleAsync(HttpContext context, StsRequest request, SandboxState state)
    {
        // IAM's Query API shares the port: both are "POST / with Action=…", and no action name is shared.
        if (IamApi.Handles(request.Parameters.GetValueOrDefault("Action") ?? ""))
        {
            await IamApi.HandleAsync(context, request, state);
            return;
        }
        // A key IAM created becomes known to STS once its propagation delay has passed.
        state.IamKeys.PromoteDue(state);
        var requestId = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-RequestId"] = requestId;
        var record = RequestRecord.Of(context);
        try
        {
            var action = request.Parameters.GetValueOrDefault("Action") ?? "";
            string xml = action switch
            {
                SandboxEndpoints.AssumeRoleWithSaml => AssumeRoleWithSamlAction.Handle(request.Parameters, state, requestId, record),
                SandboxEndpoints.GetCallerIdentity => GetCallerIdentity(context, request, state, requestId, record),
                SandboxEndpoints.AssumeRole => AssumeRoleAction.Handle(SigV4Verifier.Verify(context.Request, request.RawTarget, request.Body, state), request.Parameters, state, requestId, record),
                SandboxEndpoints.GetSessionToken => GetSessionTokenAction.Handle(SigV4Verifier.Verify(context.Request, request.RawTarget, request.Body, state), request.Parameters, state, requestId, record),
                "" => throw new StsRejection(StsError.MissingParameter("Action")),
                _ => throw new StsRejection(new StsError(400, "InvalidAction", $"Could not find operation {action} for version {Version}")),
            };
            await HttpAnswers.XmlAsync(context, 200, xml);
        }
        catch (StsRejection rejection)
        {
            record.Set("error_code", rejection.Error.Code);
            await HttpAnswers.XmlAsync(context, rejection.Error.Status, StsXml.Error(rejection.Error, requestId));
        }
    }

    private static string GetCallerIdentity(HttpContext context, StsRequest request, SandboxState state, string requestId, RequestRecord record)
    {
        var credential = SigV4Verifier.Verify(context.Request, request.RawTarget, request.Body, state);
        record.Set("access_key_id", credential.AccessKeyId);
        return StsXml.Success(SandboxEndpoints.GetCallerIdentity, requestId,
            StsXml.E("Arn", credential.AssumedRoleArn),
            StsXml.E("UserId", credential.AssumedRoleId),
            StsXml.E("Account", credential.Account));
    }
}

internal sealed record StsRequest(IReadOnlyDictionary<string, string> Parameters, byte[] Body, string RawTarget);
