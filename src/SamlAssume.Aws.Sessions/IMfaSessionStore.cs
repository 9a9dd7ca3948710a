namespace SamlAssume.Aws.Sessions;

/// <summary>
/// Where MFA sessions are kept between uses, keyed by source profile. The CLI keeps them in its cache directory
/// (0600 files, a cross-process lock, so a herd of processes signs in once); <see cref="MemoryMfaSessionStore"/>
/// keeps them for one process. Only temporary credentials are stored, never the long-lived keys.
/// </summary>
public interface IMfaSessionStore
{
    StsCredentials? Read(string sourceProfile);
    void Write(string sourceProfile, StsCredentials session);
    void Remove(string sourceProfile);
    /// <summary>Held while a new session is started, so concurrent users of the same source wait and share it.</summary>
    Task<IDisposable> LockAsync(string sourceProfile, CancellationToken cancellationToken);
}

/// <summary>Sessions for the life of this process.</summary>
public sealed class MemoryMfaSessionStore : IMfaSessionStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, StsCredentials> _sessions = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> _locks = new(StringComparer.Ordinal);

    public StsCredentials? Read(string sourceProfile) => _sessions.TryGetValue(sourceProfile, out var s) ? s : null;

    public void Write(string sourceProfile, StsCredentials session) => _sessions[sourceProfile] = session;

    public void Remove(string sourceProfile) => _sessions.TryRemove(sourceProfile, out _);

    public async Task<IDisposable> LockAsync(string sourceProfile, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(sourceProfile, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Release(gate);
    }

    private sealed class Release(SemaphoreSlim gate) : IDisposable
    {
        private int _released;
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate.Release();
        }
    }
}
