namespace SamlAssume.Sandbox;

/// <summary>One answered request: which endpoint, what status, when, and a few non-secret fields (never passwords, codes or secrets).</summary>
public sealed record JournalEntry(string Endpoint, int StatusCode, DateTimeOffset Time, IReadOnlyDictionary<string, string> Fields);
