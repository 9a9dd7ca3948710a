namespace SamlAssume.Sources.Browser;

/// <summary>The browser answered a DevTools command with an error object (the method and the browser's message, never params).</summary>
internal sealed class CdpException(string method, int code, string? message) : Exception($"{method}: DevTools error {code}: {message}")
{
    public int Code { get; } = code;
}
