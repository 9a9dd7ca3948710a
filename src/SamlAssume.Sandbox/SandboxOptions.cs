namespace SamlAssume.Sandbox;

/// <summary>How to start a sandbox. TenantJson wins over TenantFile; neither means the embedded default tenant.</summary>
public sealed record SandboxOptions
{
    public string? TenantFile { get; init; }
    public string? TenantJson { get; init; }
    public string Host { get; init; } = "127.0.0.1";
    /// <summary>0 lets the OS pick a free port, so parallel tests never collide.</summary>
    public int Port { get; init; }
    /// <summary>Drives every expiry check (tokens, state tokens, assertions, credentials), so tests can move time.</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
    public Action<string>? Log { get; init; }
}
