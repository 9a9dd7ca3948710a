using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SamlAssume.Sandbox;

/// <summary>An MFA sign-in waiting for its second factor, named by its state_token.</summary>
internal sealed class MfaChallenge(string stateToken, SandboxUser user, SandboxApp app, DateTimeOffset expires)
{
    public string StateToken { get; } = stateToken;
    public SandboxUser User { get; } = user;
    public SandboxApp App { get; } = app;
    public DateTimeOffset Expires { get; } = expires;
    /// <summary>Set once the factor verified: a state token is good for one assertion only.</summary>
    public bool Completed { get; set; }
    public ConcurrentDictionary<long, DateTimeOffset> PushSentAt { get; } = new();
    public ConcurrentDictionary<long, (string Code, DateTimeOffset Expires)> CodesSent { get; } = new();
}

/// <summary>The open MFA challenges.</summary>
internal sealed class MfaChallenges(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, MfaChallenge> _byToken = new(StringComparer.Ordinal);

    public MfaChallenge Open(SandboxUser user, SandboxApp app, TimeSpan lifetime)
    {
        var challenge = new MfaChallenge(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), user, app, clock.GetUtcNow() + lifetime);
        _byToken[challenge.StateToken] = challenge;
        return challenge;
    }

    /// <summary>The challenge if it exists, has not expired and was not already used.</summary>
    public MfaChallenge? FindLive(string stateToken) =>
        _byToken.TryGetValue(stateToken, out var challenge) && !challenge.Completed && clock.GetUtcNow() < challenge.Expires
            ? challenge
            : null;
}
