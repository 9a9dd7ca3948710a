namespace SamlAssume.Sources.Browser;

/// <summary>Why a browser sign-in ended without a SAMLResponse.</summary>
public enum BrowserFailure
{
    /// <summary>The browser exited or could not be started before it answered.</summary>
    DidNotStart,
    /// <summary>The window was closed (or the browser exited) before the IdP posted to AWS.</summary>
    Closed,
    /// <summary>No post to AWS within --browser-timeout.</summary>
    TimedOut,
    /// <summary>Headless, but the IdP shows a page a person must answer.</summary>
    NeedsInteraction,
    /// <summary>The IdP showed its sign-in form again after it was filled in.</summary>
    FormRejected,
    /// <summary>The post to AWS carried no SAMLResponse.</summary>
    NoSamlResponse,
}

/// <summary>The browser sign-in did not produce a SAMLResponse; the message says what happened and never carries a secret.</summary>
public sealed class BrowserSignInFailed(BrowserFailure reason, string message) : Exception(message)
{
    public BrowserFailure Reason { get; } = reason;
}
