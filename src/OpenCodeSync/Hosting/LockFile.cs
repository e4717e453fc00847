using System.Runtime.InteropServices;

namespace OpenCodeSync.Hosting;

/// <summary>
/// An exclusive <c>flock(2)</c> on a small file that is never renamed or deleted, released when disposed or
/// when the process dies (even by kill -9: the kernel drops the lock with the last descriptor).
/// </summary>
/// <remarks>
/// Why flock on a separate file: the journal itself is replaced by rename during compaction, so a lock on
/// its inode would not exclude a writer that opened the old one; a lock file that never moves does, and the
/// kernel queues blocked writers (no retry/sleep loop). Why not FileStream's own locking: .NET only takes
/// non-blocking locks and throws when one is held. The binary sets <c>System.IO.DisableFileLocking</c>
/// (Directory.Build.props) because .NET would otherwise try a non-blocking shared flock on every open and
/// throw while another process holds ours.
/// </remarks>
public sealed class LockFile : IDisposable
{
    private readonly FileStream _file;

    private LockFile(FileStream file) => _file = file;

    /// <summary>Waits until the lock is free, then holds it.</summary>
    public static LockFile Acquire(string path) => Take(path, wait: true)!;

    /// <summary>Holds the lock if nobody else does; null when another process (or descriptor) has it.</summary>
    public static LockFile? TryAcquire(string path) => Take(path, wait: false);

    public void Dispose()
    {
        // Unlock explicitly before closing: a child forked by another thread (Process.Start) shares this
        // open file description until it execs, and close alone would leave the lock held by that copy.
        if (!OperatingSystem.IsWindows() && !_file.SafeFileHandle.IsClosed)
        {
            _ = Libc.Flock((int)_file.SafeFileHandle.DangerousGetHandle(), Libc.Unlock);
        }

        _file.Dispose();
    }

    private static LockFile? Take(string path, bool wait)
    {
        var file = Open(path);
        try
        {
            if (OperatingSystem.IsWindows())
            {
                return new LockFile(file); // opened with FileShare.None: Windows locks are mandatory
            }

            var fd = (int)file.SafeFileHandle.DangerousGetHandle();
            var operation = Libc.LockExclusive | (wait ? 0 : Libc.LockNonBlocking);
            while (Libc.Flock(fd, operation) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == Libc.EIntr)
                {
                    continue;
                }

                if (!wait && errno is Libc.EWouldBlockLinux or Libc.EWouldBlockMac)
                {
                    file.Dispose();
                    return null;
                }

                throw new IOException($"cannot lock {path} (errno {errno})");
            }

            return new LockFile(file);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static FileStream Open(string path)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate,
            Access = FileAccess.Write,
            Share = OperatingSystem.IsWindows() ? FileShare.None : FileShare.ReadWrite | FileShare.Delete,
            BufferSize = 0,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(path, options);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // First run only: creating the directory up front would cost a mkdir+stat on every hook.
            // FileNotFound too: .NET names ENOENT after whether the directory exists when it looks, and a
            // concurrent first hook may have created it in between (seen losing a batch under load).
            PrivateFiles.EnsureDirectory(Path.GetDirectoryName(path)!);
            return new FileStream(path, options);
        }
    }
}
