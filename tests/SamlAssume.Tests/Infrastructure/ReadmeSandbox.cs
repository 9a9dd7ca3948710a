using SamlAssume.Sandbox;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>
/// The sandbox the README's examples run against, once per test class: <c>samlassume sandbox</c>'s default tenant,
/// on port 0 (the README's port is mapped to it).
/// </summary>
public sealed class ReadmeSandbox : IAsyncLifetime
{
    public SandboxServer Server { get; private set; } = null!;
    public async Task InitializeAsync() => Server = await SandboxServer.StartAsync(new SandboxOptions());
    public async Task DisposeAsync() => await Server.DisposeAsync();
}
