namespace SamlAssume.Keyring;

/// <summary>
/// Runs a keyring call to the end from synchronous code (the prompts and settings resolution are synchronous). On the
/// thread pool, so no caller's synchronization context is captured and blocked on; every call is bounded by the store.
/// </summary>
public static class KeyringCall
{
    public static T Run<T>(Func<CancellationToken, Task<T>> call) => Task.Run(() => call(CancellationToken.None)).GetAwaiter().GetResult();
}
