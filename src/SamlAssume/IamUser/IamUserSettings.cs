namespace SamlAssume.IamUser;

/// <summary>What one command of the IAM-user source was told: which source profile and device, the code, how long.</summary>
public sealed record IamUserSettings
{
    public required string SourceProfile { get; init; }
    public string? MfaSerial { get; init; }
    public string? Otp { get; init; }
    /// <summary>GetSessionToken's DurationSeconds: 900–129600, default 12 h as STS's own default.</summary>
    public int SessionDurationSeconds { get; init; } = Aws.Sessions.MfaSession.DefaultDurationSeconds;
    /// <summary>A cached session is used only while it has more than this left.</summary>
    public TimeSpan SessionMinRemaining { get; init; } = Aws.Sessions.MfaSession.DefaultMinRemaining;
    public int HttpTimeoutSeconds { get; init; } = (int)Net.HttpTransport.DefaultRequestTimeout.TotalSeconds;
    public string? Region { get; init; }
    /// <summary>Prompts go to /dev/tty (credential_process: the standard streams belong to the AWS CLI).</summary>
    public bool PromptOnControllingTerminal { get; init; }
    public bool Verbose { get; init; }
    /// <summary>Whether the command takes --otp (the profile commands do not), for the message when a code is missing.</summary>
    public bool TakesOtpFlag { get; init; } = true;
}
