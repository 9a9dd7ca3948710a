using System.Runtime.InteropServices;

namespace SamlAssume.Files;

/// <summary>What is at a path on Unix: regular file, directory, symlink or something else (FIFO, socket, device).</summary>
public enum PathKind
{
    Missing,
    RegularFile,
    Directory,
    SymbolicLink,
    /// <summary>A FIFO, socket or device: opening one can block forever or read endless data.</summary>
    Other,
}

/// <summary>
/// lstat(2)/stat(2) of a path: its kind, owner and permission bits. .NET has no public API for a file's type or
/// owner, and opening a FIFO to find out blocks until a writer appears, so this asks the runtime's own native shim
/// (libSystem.Native, shipped with every .NET; its FileStatus begins Flags, Mode, Uid, Gid and has kept that prefix
/// since .NET Core 2). Only that prefix is read; the rest of a generously sized buffer is ignored. On Windows
/// nothing is checked (<see cref="Of"/> returns null).
/// </summary>
public readonly record struct PathStatus(PathKind Kind, uint OwnerId, UnixFileMode Mode)
{
    private const int TypeMask = 0xF000, Fifo = 0x1000, CharDevice = 0x2000, Dir = 0x4000, Block = 0x6000, Regular = 0x8000, Link = 0xA000, Socket = 0xC000;

    /// <summary>The path's status (the link itself when <paramref name="followLinks"/> is false); null on Windows.</summary>
    public static PathStatus? Of(string path, bool followLinks)
    {
        if (OperatingSystem.IsWindows()) return null;
        var result = followLinks ? Native.Stat(path, out var status) : Native.LStat(path, out status);
        if (result != 0) return new PathStatus(PathKind.Missing, 0, 0);
        var kind = (status.Mode & TypeMask) switch
        {
            Regular => PathKind.RegularFile,
            Dir => PathKind.Directory,
            Link => PathKind.SymbolicLink,
            Fifo or CharDevice or Block or Socket => PathKind.Other,
            _ => PathKind.Other,
        };
        return new PathStatus(kind, status.Uid, (UnixFileMode)(status.Mode & 0xFFF));
    }

    /// <summary>The effective user id of this process; null on Windows.</summary>
    public static uint? CurrentUserId => OperatingSystem.IsWindows() ? null : Native.GetEUid();

    /// <summary>True when this process's user owns the path (always true on Windows, where nothing is checked).</summary>
    public bool OwnedByCurrentUser => CurrentUserId is not { } me || OwnerId == me;

    /// <summary>"a FIFO", "a directory"…, for messages; the mode bits say which kind of special file.</summary>
    public static string Describe(string path)
    {
        if (OperatingSystem.IsWindows() || Native.LStat(path, out var status) != 0) return "not a regular file";
        return (status.Mode & TypeMask) switch
        {
            Fifo => "a FIFO (named pipe)",
            CharDevice => "a character device",
            Block => "a block device",
            Socket => "a socket",
            Dir => "a directory",
            Link => "a symbolic link",
            _ => "not a regular file",
        };
    }

    private static class Native
    {
        [StructLayout(LayoutKind.Sequential, Size = 256)]
        public struct FileStatus
        {
            public int Flags;
            public int Mode;
            public uint Uid;
            public uint Gid;
        }

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
        public static extern int LStat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_Stat", SetLastError = true)]
        public static extern int Stat([MarshalAs(UnmanagedType.LPUTF8Str)] string path, out FileStatus status);

        [DllImport("libSystem.Native", EntryPoint = "SystemNative_GetEUid")]
        public static extern uint GetEUid();
    }
}
