namespace SamlAssume.Configuration;

/// <summary>
/// <c>onelogin.sdk.json</c>: the API client credentials, as OneLogin's SDKs and Python tool read them, plus
/// <c>api_url</c> to point at another API host (the sandbox).
/// </summary>
public sealed record OneLoginSdkConfig(string? ClientId, string? ClientSecret, string? Region, string? Ip, string? ApiUrl, string? SourcePath)
{
    public static readonly OneLoginSdkConfig Empty = new(null, null, null, null, null, null);

    public static OneLoginSdkConfig Load(string? path)
    {
        if (path is null) return Empty;
        var root = JsonConfigReader.ReadObject(path);
        return new OneLoginSdkConfig(
            JsonConfigReader.Scalar(root, "client_id", path),
            JsonConfigReader.Scalar(root, "client_secret", path),
            JsonConfigReader.Scalar(root, "region", path),
            JsonConfigReader.Scalar(root, "ip", path),
            JsonConfigReader.Scalar(root, "api_url", path),
            path);
    }

    public override string ToString() => $"OneLoginSdkConfig {{ ClientId = {ClientId}, Region = {Region}, ApiUrl = {ApiUrl}, SourcePath = {SourcePath} }}";
}
