using System.Globalization;
using System.Text;

namespace OpenCodeSync.Hosting;

public enum LogLevel
{
    Debug,
    Info,
    Warn,
    Error,
}

/// <summary>
/// The binary's own log: one line per entry (<c>ISO-time LEVEL component: message</c>) appended to
/// <c>${state}/opencode-sync.log</c>, rotated to <c>.1</c> past ~1 MiB. Nothing is opened until the first
/// entry, so a hook that has nothing to say costs nothing. Callers never pass secrets; key-shaped text is
/// masked anyway because messages may quote event input. Keeps one old file: at most ~2 MiB on disk.
/// </summary>
public sealed class FileLog(string path, IClock clock)
{
    public const long RotateAtBytes = 1 << 20;
    private const int MaxMessageChars = 2000;

    public string Path { get; } = path;

    public string RotatedPath => Path + ".1";

    /// <summary>Appends one entry; false (never an exception) when the log cannot be written.</summary>
    public bool TryWrite(LogLevel level, string component, string message)
    {
        try
        {
            var line = Format(clock.Now, level, component, message);
            // .NET's FileMode.Append is not O_APPEND (it writes at the offset it saw at open), so concurrent
            // hooks serialise on a lock file; that also makes rotation race-free. Entries are rare (problems only).
            using var held = LockFile.Acquire(Path + ".lock");
            long size;
            using (var file = OpenForAppend())
            {
                file.Write(Encoding.UTF8.GetBytes(line));
                size = file.Length;
            }

            if (size > RotateAtBytes)
            {
                File.Move(Path, RotatedPath, overwrite: true);
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    public static string Format(DateTimeOffset time, LogLevel level, string component, string message) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {LevelName(level)} {component}: {Clean(message)}\n");

    private static string LevelName(LogLevel level) => level switch
    {
        LogLevel.Debug => "DEBUG",
        LogLevel.Info => "INFO ",
        LogLevel.Warn => "WARN ",
        _ => "ERROR",
    };

    // One entry must stay one line, and a quoted input must not smuggle a key into the log.
    private static string Clean(string message)
    {
        var text = message.Length > MaxMessageChars ? message[..MaxMessageChars] + "…" : message;
        if (text.AsSpan().IndexOfAnyInRange('\0', '\u001f') >= 0)
        {
            var sb = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                sb.Append(c < ' ' ? ' ' : c);
            }

            text = sb.ToString();
        }

        return SecretMask.Apply(text);
    }

    private FileStream OpenForAppend()
    {
        var options = new FileStreamOptions { Mode = FileMode.Append, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            return new FileStream(Path, options);
        }
        catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException)
        {
            // Either name for ENOENT: see LockFile.Open (a concurrent first run may create the directory).
            PrivateFiles.EnsureDirectory(System.IO.Path.GetDirectoryName(Path)!);
            return new FileStream(Path, options);
        }
    }
}
