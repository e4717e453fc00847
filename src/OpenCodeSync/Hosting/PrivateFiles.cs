using System.Text;

namespace OpenCodeSync.Hosting;

/// <summary>
/// Files only the user may read: 0700 directories, 0600 files, replaced atomically so a crash never
/// leaves a half-written config and no other user ever sees the content, not even briefly.
/// </summary>
public static class PrivateFiles
{
    private const UnixFileMode PrivateDirMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void EnsureDirectory(string dir)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(dir);
            return;
        }

        Directory.CreateDirectory(dir, PrivateDirMode);
        // CreateDirectory keeps the mode of an existing directory; tighten one made by an older tool.
        if ((File.GetUnixFileMode(dir) & ~PrivateDirMode) != 0)
        {
            File.SetUnixFileMode(dir, PrivateDirMode);
        }
    }

    public static void WriteAtomically(string path, string content)
    {
        var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        EnsureDirectory(dir);
        var temp = Path.Combine(dir, $".{Path.GetFileName(path)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = PrivateFileMode;
            }

            using (var stream = new FileStream(temp, options))
            {
                stream.Write(Encoding.UTF8.GetBytes(content));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }

    /// <summary>
    /// Creates an empty 0600 file unless one exists, e.g. before SQLite opens it: SQLite would create it with
    /// the umask's mode (often world-readable), and its -wal/-shm files copy the database file's mode.
    /// </summary>
    public static void EnsureFile(string path)
    {
        EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        if (OperatingSystem.IsWindows() || File.Exists(path))
        {
            return;
        }

        using var _ = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, UnixCreateMode = PrivateFileMode,
        });
    }

    /// <summary>True when group or others can read/write the file (a key file must not be).</summary>
    public static bool IsTooOpen(string path) =>
        !OperatingSystem.IsWindows() && File.Exists(path) && (File.GetUnixFileMode(path) & ~PrivateFileMode) != 0;
}
