using SamlAssume.Sandbox;

namespace SamlAssume.Aws.Sessions.Tests;

/// <summary>The default sandbox tenant's IAM user alice, as a source profile, and codes from her virtual device.</summary>
internal static class SandboxIamUser
{
    public static SourceProfile Alice { get; } = new("bastion", SandboxUsers.Alice.AccessKeyId, SandboxUsers.Alice.SecretAccessKey, SandboxUsers.Alice.MfaSerial, null);

    public static StsClientOptions Options(SandboxServer sandbox) => new() { ServiceUrl = sandbox.BaseUrl, Region = "us-east-1" };

    /// <summary>A code provider that reads the device at the given clock and counts how often it was asked.</summary>
    public sealed class Device(TimeProvider clock)
    {
        private int _asked;
        public int Asked => Volatile.Read(ref _asked);

        public ValueTask<string> Code(MfaCodeRequest request, CancellationToken _)
        {
            Assert.Equal(SandboxUsers.Alice.MfaSerial, request.SerialNumber);
            Interlocked.Increment(ref _asked);
            return ValueTask.FromResult(Totp.Compute(SandboxUsers.Alice.TotpSecret, clock.GetUtcNow()));
        }
    }
}
