using System.Text.Json;
using System.Text.Json.Serialization;

namespace SamlAssume.Sources.Browser;

// The DevTools protocol's wire types this client uses (chromedevtools.github.io/devtools-protocol), all through the
// source-generated CdpJsonContext: no reflection, so NativeAOT and trimming stay warning-free.

/// <summary>
/// Every message the browser sends: an answer has <see cref="Id"/> and a result or an error; an event has a
/// <see cref="Method"/> and params; <see cref="SessionId"/> names the flattened target session it belongs to.
/// </summary>
internal sealed class CdpMessage
{
    public int? Id { get; set; }
    public string? Method { get; set; }
    public JsonElement Params { get; set; }
    public JsonElement Result { get; set; }
    public CdpError? Error { get; set; }
    public string? SessionId { get; set; }
}

internal sealed class CdpError
{
    public int Code { get; set; }
    public string? Message { get; set; }
}

internal sealed record NoParams;
internal sealed record RequestPattern(string UrlPattern, string RequestStage);
internal sealed record FetchEnableParams(RequestPattern[] Patterns, bool HandleAuthRequests);
internal sealed record AutoAttachParams(bool AutoAttach, bool WaitForDebuggerOnStart, bool Flatten);
internal sealed record NavigateParams(string Url);
internal sealed record EvaluateParams(string Expression, bool ReturnByValue, bool AwaitPromise);
internal sealed record RequestIdParams(string RequestId);
internal sealed record FailRequestParams(string RequestId, string ErrorReason);
internal sealed record HeaderEntry(string Name, string Value);
internal sealed record FulfillRequestParams(string RequestId, int ResponseCode, HeaderEntry[] ResponseHeaders, string Body);

internal sealed class TargetInfo
{
    public string TargetId { get; set; } = "";
    public string Type { get; set; } = "";
}

internal sealed class AttachedToTarget
{
    public string SessionId { get; set; } = "";
    public TargetInfo TargetInfo { get; set; } = new();
    public bool WaitingForDebugger { get; set; }
}

internal sealed class DetachedFromTarget
{
    public string SessionId { get; set; } = "";
}

internal sealed class PostDataEntry
{
    public string? Bytes { get; set; }
}

internal sealed class PausedRequest
{
    public string Url { get; set; } = "";
    public string Method { get; set; } = "";
    public string? PostData { get; set; }
    public PostDataEntry[]? PostDataEntries { get; set; }
}

internal sealed class RequestPaused
{
    public string RequestId { get; set; } = "";
    public PausedRequest Request { get; set; } = new();
}

internal sealed class RemoteObject
{
    public JsonElement Value { get; set; }
}

internal sealed class EvaluateResult
{
    public RemoteObject? Result { get; set; }
}

internal sealed class BrowserVersion
{
    public string? Product { get; set; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CdpMessage))]
[JsonSerializable(typeof(NoParams))]
[JsonSerializable(typeof(FetchEnableParams))]
[JsonSerializable(typeof(AutoAttachParams))]
[JsonSerializable(typeof(NavigateParams))]
[JsonSerializable(typeof(EvaluateParams))]
[JsonSerializable(typeof(RequestIdParams))]
[JsonSerializable(typeof(FailRequestParams))]
[JsonSerializable(typeof(FulfillRequestParams))]
[JsonSerializable(typeof(AttachedToTarget))]
[JsonSerializable(typeof(DetachedFromTarget))]
[JsonSerializable(typeof(RequestPaused))]
[JsonSerializable(typeof(EvaluateResult))]
[JsonSerializable(typeof(BrowserVersion))]
[JsonSerializable(typeof(string))]
internal sealed partial class CdpJsonContext : JsonSerializerContext;
