using System.Runtime.InteropServices;

namespace OpenCodeSync.Hosting;

/// <summary>
/// The few libc calls .NET has no API for. Only non-variadic functions are bound (open/fcntl are variadic,
/// which P/Invoke cannot call portably on Apple arm64), so files are still opened by .NET.
/// </summary>
internal static unsafe partial class Libc
{
    public const int LockShared = 1;
    public const int LockExclusive = 2;
    public const int LockNonBlocking = 4;
    public const int Unlock = 8;

    public const int EWouldBlockLinux = 11;
    public const int EWouldBlockMac = 35;
    public const int EIntr = 4;
    public const int EPipe = 32;
    public const short PollOut = 4;

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(int fd, byte* buffer, nuint count);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(int fd, int operation);

    [LibraryImport("libc", EntryPoint = "posix_spawn")]
    public static partial int PosixSpawn(out int pid, byte* path, void* fileActions, void* attributes, byte** argv, byte** envp);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_init")]
    public static partial int SpawnFileActionsInit(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_addopen")]
    public static partial int SpawnFileActionsAddOpen(void* fileActions, int fd, byte* path, int openFlags, uint mode);

    [LibraryImport("libc", EntryPoint = "posix_spawn_file_actions_destroy")]
    public static partial int SpawnFileActionsDestroy(void* fileActions);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_init")]
    public static partial int SpawnAttrInit(void* attributes);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_setflags")]
    public static partial int SpawnAttrSetFlags(void* attributes, short flags);

    [LibraryImport("libc", EntryPoint = "posix_spawnattr_destroy")]
    public static partial int SpawnAttrDestroy(void* attributes);
}
