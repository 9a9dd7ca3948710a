using System.Collections.Concurrent;

namespace SamlAssume.Sandbox;

/// <summary>What the sandbox saw and "sent", so tests can assert on call counts and read SMS/email/voice codes.</summary>
public sealed class SandboxJournal
{
    private readonly ConcurrentQueue<JournalEntry> _entries = new();
    private readonly ConcurrentDictionary<(string Username, long DeviceId), string> _codesSent = new();

    public IReadOnlyList<JournalEntry> Entries => _entries.ToArray();

    public int Count(string endpoint) => _entries.Count(e => e.Endpoint == endpoint);

    /// <summary>The last code the sandbox "delivered" to that user's SMS/email/voice device, or null.</summary>
    public string? LastCodeSent(string username, long deviceId) =>
        _codesSent.TryGetValue((username.ToLowerInvariant(), deviceId), out var code) ? code : null;

    internal void Record(JournalEntry entry) => _entries.Enqueue(entry);

    internal void RecordCodeSent(string username, long deviceId, string code) =>
        _codesSent[(username.ToLowerInvariant(), deviceId)] = code;
}
