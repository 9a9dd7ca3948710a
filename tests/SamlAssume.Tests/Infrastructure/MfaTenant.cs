using SamlAssume.Sandbox;

namespace SamlAssume.Tests.Infrastructure;

/// <summary>The default sandbox tenant with a test's changes (faster pushes, extra device types, short state tokens).</summary>
public static class MfaTenant
{
    public const string MfaUser = "mfa@example.com";
    public const string MfaPassword = "mfa-password";
    /// <summary>The TOTP secret of every OneLogin Protect device in the default tenant (the app's 6-digit code).</summary>
    public const string ProtectSecret = "MFRGGZDFMZTWQ2LKMFRGGZDFMZTWQ2LK";
    public const string AuthenticatorSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    public const string OtpUserSecret = "JBSWY3DPEHPK3PXP";
    public const string AuthyCode = "112233";
    public const string UnknownDeviceType = "Acme Hardware Token";
    public const string UnknownDeviceCode = "998877";

    public static SandboxOptions With(Action<SandboxTenant> change, TimeProvider? clock = null)
    {
        var tenant = TenantJson.LoadDefault();
        change(tenant);
        return new SandboxOptions { TenantJson = TenantJson.Serialize(tenant), Clock = clock ?? TimeProvider.System };
    }

    /// <summary>Pushes answer after 0.2 s instead of 1 s, and mfa@example.com also has an Authy and an unknown device.</summary>
    public static SandboxOptions Fast(Action<SandboxTenant>? more = null, TimeProvider? clock = null) => With(tenant =>
    {
        foreach (var device in tenant.Users.SelectMany(u => u.Devices).Where(d => d.Kind == SandboxDeviceKind.Push))
        {
            device.ApproveAfterSeconds = 0.2;
        }
        var user = User(tenant, MfaUser);
        user.Devices =
        [
            .. user.Devices,
            new SandboxDevice { DeviceId = 6009, DeviceType = "Authy", Kind = SandboxDeviceKind.FixedCode, AcceptedCode = AuthyCode },
            new SandboxDevice { DeviceId = 6010, DeviceType = UnknownDeviceType, Kind = SandboxDeviceKind.FixedCode, AcceptedCode = UnknownDeviceCode },
        ];
        more?.Invoke(tenant);
    }, clock);

    public static SandboxUser User(SandboxTenant tenant, string username) => tenant.Users.Single(u => u.Username == username);

    /// <summary>A fresh Yubico OTP for the sandbox's key ccccccbcgujh: 44 modhex characters, each good once.</summary>
    public static string YubiKeyOtp()
    {
        const string modhex = "cbdefghijklnrtuv";
        var tail = new string(Enumerable.Range(0, 32).Select(_ => modhex[Random.Shared.Next(modhex.Length)]).ToArray());
        return "ccccccbcgujh" + tail;
    }
}

/// <summary>The system clock moved by an offset a test can change: the sandbox's expiries jump, timers stay real.</summary>
public sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Shift(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
}
