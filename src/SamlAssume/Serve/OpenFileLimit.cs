using System.Runtime.InteropServices;

namespace SamlAssume.Serve;

/// <summary>
/// serve raises its soft limit of open files to the hard one at start, as Go's runtime does for every program: a
/// NativeAOT executable does not get CoreCLR's start-up raise, and with a soft limit of 512 a few hundred idle
/// connections from another local user left Kestrel unable to accept the SDK's own (every request waited 60 s).
/// Through the runtime's own native shim (libSystem.Native), as <see cref="Files.PathStatus"/>.
/// </summary>
public static class OpenFileLimit
{
    private const int NoFile = 9; // PAL_RLIMIT_NOFILE of System.Native's RLimitResources

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    /// <summary>The soft limit now, or null where it cannot be read (Windows).</summary>
    public static ulong? Current => OperatingSystem.IsWindows() || GetRLimit(NoFile, out var limit) != 0 ? null : limit.Current;

    /// <summary>Raises the soft limit to the hard one; returns (before, after), or null when nothing could be read.</summary>
    public static (ulong Before, ulong After)? RaiseToHard()
    {
        if (OperatingSystem.IsWindows() || GetRLimit(NoFile, out var limit) != 0) return null;
        var before = limit.Current;
        if (limit.Current >= limit.Maximum) return (before, before);
        // macOS refuses an unlimited soft limit for files: its kernel's own ceiling is the most it takes.
        var wanted = OperatingSystem.IsMacOS() ? Math.Min(limit.Maximum, 10240UL) : limit.Maximum;
        var raised = new RLimit { Current = Math.Max(wanted, before), Maximum = limit.Maximum };
        return SetRLimit(NoFile, ref raised) == 0 ? (before, raised.Current) : (before, before);
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetRLimit", SetLastError = true)]
    private static extern int GetRLimit(int resource, out RLimit limit);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_SetRLimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);
}
